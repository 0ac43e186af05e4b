/**
 * The operation cases of the MongoDB benchmark, written once for every contender.
 * Every call's result is checked (a "hit" that misses fails the run), and what a call
 * consumes (the session a delete removes) is seeded before it, untimed.
 */
import { prng, seededKey, sessionInput } from "./fixtures.js"
import type { RoundTask } from "./interleave.js"
import type { Contender, OpArgs, OpName, OpResult } from "./operations.js"

/** A benchmark case: one operation, its arguments call after call, and its check. */
export interface BenchCase {
  /** Stable key in the JSON results, like `loadSession.hit`. */
  readonly key: string
  /** What the reports call it. */
  readonly label: string
  /** The task of `contender` in `round`, each call being `batch` concurrent operations. */
  readonly task: (contender: Contender, round: number, batch: number) => RoundTask
  /** Untimed clean-up after each task. */
  readonly afterTask?: () => Promise<void>
}

interface CaseSpec<K extends OpName> {
  readonly key: string
  readonly label: string
  readonly op: K
  /** The arguments of the `n`th operation of `contender` in `round`. */
  readonly args: (contender: Contender, round: number, batch: number) => (n: number) => OpArgs[K]
  /** Whether a result is the expected one. */
  readonly expect: (result: OpResult[K], batch: number) => boolean
  /** Untimed seeding of what the next call consumes. */
  readonly prepare?: (contender: Contender, args: ReadonlyArray<OpArgs[K]>, batch: number) => Promise<void>
  readonly afterTask?: () => Promise<void>
}

const makeCase = <K extends OpName>(spec: CaseSpec<K>): BenchCase => ({
  key: spec.key,
  label: spec.label,
  ...(spec.afterTask === undefined ? {} : { afterTask: spec.afterTask }),
  task: (contender, round, batch) => {
    const argsAt = spec.args(contender, round, batch)
    let n = 0
    let next: Array<OpArgs[K]> = []
    const fail = (result: unknown) =>
      new Error(`${spec.key} via ${contender.name}: unexpected result ${JSON.stringify(result)}`)
    return {
      beforeEach: async () => {
        next = Array.from({ length: batch }, () => argsAt(n++))
        if (spec.prepare !== undefined) await spec.prepare(contender, next, batch)
      },
      fn: async () => {
        if (batch === 1) {
          const result = await contender.call(spec.op, next[0]!)
          if (!spec.expect(result, batch)) throw fail(result)
          return
        }
        for (const result of await contender.callAll(spec.op, next)) {
          if (!spec.expect(result, batch)) throw fail(result)
        }
      }
    }
  }
})

/** What the cases work on. */
export interface CaseContext {
  /** Seeds sessions `ids` of `store` where `contender` will find them (untimed). */
  readonly seed: (contender: Contender, store: string, ids: ReadonlyArray<string>) => Promise<void>
  /** Removes every session of `store` (untimed). */
  readonly clear: (store: string) => Promise<void>
  /** Sessions seeded, spread over `stores` stores. */
  readonly sessions: number
  readonly stores: number
  readonly deleteManyIds: number
  readonly pageLimit: number
}

const INSERT_STORE = "bench-insert"
const DELETE_STORE = "bench-delete"

/** Same seed for every contender of a round: they all walk the same ids. */
const seedOf = (key: string, round: number): number =>
  [...key].reduce((hash, c) => Math.imul(hash ^ c.charCodeAt(0), 16777619), 2166136261 + round)

/** The cases of the operations benchmark over a collection seeded with `seedSessions`. */
export const operationCases = (context: CaseContext): ReadonlyArray<BenchCase> => {
  const { sessions, stores } = context
  const perStore = Math.floor(sessions / stores)
  const randomSession = (key: string, round: number) => {
    const random = prng(seedOf(key, round))
    return () => seededKey(Math.floor(random() * sessions), stores)
  }
  const randomStore = (key: string, round: number) => {
    const random = prng(seedOf(key, round))
    return () => seededKey(Math.floor(random() * stores), stores).store
  }
  const removeStore = (store: string) => () => context.clear(store)
  return [
    makeCase({
      key: "loadSession.hit",
      label: "loadSession (hit)",
      op: "load",
      args: (_, round) => randomSession("load", round),
      expect: (found) => found
    }),
    makeCase({
      key: "loadSession.miss",
      label: "loadSession (miss)",
      op: "load",
      args: (_, round) => {
        const store = randomStore("miss", round)
        return (n) => ({ store: store(), id: `missing-${round}-${n}` })
      },
      expect: (found) => !found
    }),
    makeCase({
      key: "storeSession.insert",
      label: "storeSession (insert)",
      op: "store",
      args: (contender, round) => (n) => ({
        store: INSERT_STORE,
        session: sessionInput(`${contender.name}-${round}-${n}`, n)
      }),
      expect: (stored) => stored,
      afterTask: removeStore(INSERT_STORE)
    }),
    makeCase({
      key: "storeSession.update",
      label: "storeSession (update)",
      op: "store",
      // Consecutive sessions from a random start: the calls of one batch update distinct
      // sessions (two racing writes of one session are another case: the older is superseded).
      args: (_, round) => {
        const start = Math.floor(prng(seedOf("update", round))() * sessions)
        return (n) => {
          const { id, store } = seededKey((start + n) % sessions, stores)
          return { store, session: sessionInput(id, n) }
        }
      },
      expect: (stored) => stored
    }),
    makeCase({
      key: "deleteSession",
      label: "deleteSession",
      op: "delete",
      args: (contender, round) => (n) => ({ store: DELETE_STORE, id: `${contender.name}-${round}-${n}` }),
      prepare: (contender, args) => context.seed(contender, DELETE_STORE, args.map((a) => a.id)),
      expect: (deleted) => deleted,
      afterTask: removeStore(DELETE_STORE)
    }),
    makeCase({
      key: "deleteSessions",
      label: `deleteSessions (${context.deleteManyIds.toLocaleString("en-US")} ids)`,
      op: "deleteMany",
      args: (contender, round) => (n) => ({
        store: DELETE_STORE,
        ids: Array.from({ length: context.deleteManyIds }, (_, i) => `${contender.name}-${round}-${n}-${i}`)
      }),
      // Concurrently, 64 calls would need 64,000 sessions seeded per batch: they delete
      // ids that are not there (the same command; the server matches, removes nothing).
      prepare: (contender, args, batch) =>
        batch === 1 ? context.seed(contender, DELETE_STORE, args[0]!.ids) : Promise.resolve(),
      expect: (deleted, batch) => deleted === (batch === 1 ? context.deleteManyIds : 0),
      afterTask: removeStore(DELETE_STORE)
    }),
    makeCase({
      key: "findSessionsByStore.page",
      label: `findSessionsByStore (limit ${context.pageLimit})`,
      op: "page",
      args: (_, round) => {
        const store = randomStore("page", round)
        return () => ({ store: store(), limit: context.pageLimit })
      },
      expect: (found) => found === Math.min(context.pageLimit, perStore)
    }),
    makeCase({
      key: "streamSessionsByStore.whole",
      label: `streamSessionsByStore (whole store, ${perStore.toLocaleString("en-US")} sessions)`,
      op: "readAll",
      args: (_, round) => {
        const store = randomStore("stream", round)
        return () => ({ store: store() })
      },
      expect: (read) => read === perStore
    })
  ]
}

/** The point-operation cases of the scaling benchmark, spread evenly over the collection. */
export const scalingCases = (
  context: Pick<CaseContext, "sessions" | "stores">,
  position: (n: number, round: number) => number
): ReadonlyArray<BenchCase> => [
  makeCase({
    key: "loadSession.hit",
    label: "loadSession (hit)",
    op: "load",
    args: (_, round) => (n) => seededKey(position(n, round), context.stores),
    expect: (found) => found
  }),
  makeCase({
    key: "storeSession.update",
    label: "storeSession (update)",
    op: "store",
    args: (_, round) => (n) => {
      const p = position(n, round)
      const { id, store } = seededKey(p, context.stores)
      return { store, session: sessionInput(id, p) }
    },
    expect: (stored) => stored
  })
]
