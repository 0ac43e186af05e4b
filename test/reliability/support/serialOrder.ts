/**
 * Whether the outcome of concurrent stores and deletes of one key could come from some
 * serial order of those calls. Every store succeeded (so each made the session live
 * with its value); each delete said whether it found a live session; the final state is
 * absent or one value.
 */
import { isDeepStrictEqual } from "node:util"
import type { Session } from "../../../src/index.js"

/** What happened to one key. */
export interface KeyHistory {
  /** Whether the session existed before the calls. */
  readonly existedBefore: boolean
  /** What each store resolved with. */
  readonly stored: ReadonlyArray<Session>
  /** What each delete reported: whether it deleted a live session. */
  readonly deleted: ReadonlyArray<boolean>
  /** The session left, if any. */
  readonly final: Session | undefined
}

/**
 * The reasons no serial order explains `history` (none when one does). In a serial
 * order the key alternates between absent and live: a store makes it live, a delete
 * that reports `true` needs it live and makes it absent, one that reports `false`
 * needs it absent, and the value left is the last store's.
 */
export const serialOrderViolations = (history: KeyHistory): Array<string> => {
  const stores = history.stored.length
  const hits = history.deleted.filter((d) => d).length
  const misses = history.deleted.length - hits
  const lives = stores + (history.existedBefore ? 1 : 0)
  const problems: Array<string> = []
  if (hits > lives) problems.push(`${hits} deletes found a session, but only ${lives} ever existed`)
  if (misses > 0 && history.existedBefore && hits === 0) {
    problems.push("a delete found nothing, yet the session was never deleted")
  }
  if (history.final === undefined) {
    if (stores > 0 && hits === 0) problems.push("the session is gone, yet no delete reports deleting it")
  } else {
    if (stores > 0 && hits > lives - 1) problems.push(`the session is live after ${hits} deletes of ${lives} sessions`)
    const writer = history.stored.filter((s) => isDeepStrictEqual(s.data, history.final?.data))
    if (writer.length === 0) problems.push(`the value left (${JSON.stringify(history.final.data)}) was never stored`)
    else if (!writer.some((s) => isDeepStrictEqual(s, history.final))) {
      problems.push("the session left differs from what the store that wrote it resolved with")
    }
  }
  return problems
}
