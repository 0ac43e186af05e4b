/**
 * Drives one hostile row through every slot of its group in one API, and lists what
 * went wrong: anything but a `ValidationError` naming the expected path, a long
 * message (the input echoed), a change to the collection, a session of another store
 * in the result or the error, or a change to the built-in prototypes.
 */
import { Effect } from "effect"
import type { Db } from "mongodb"
import { inspect, isDeepStrictEqual } from "node:util"
import { ValidationError } from "../../../src/index.js"
import type { Driver, Outcome } from "./drivers.js"
import type { Group, Row } from "./hostileTable.js"
import { VICTIM_MARKER } from "./hostileTable.js"
import { prototypeSnapshot, rawSnapshot } from "./rawState.js"

/** Where the API under test keeps its sessions. */
export interface Target {
  readonly driver: Driver
  readonly db: () => Db
  readonly collection: string
}

/** A validation message longer than this echoes (part of) the input. */
export const MAX_MESSAGE_LENGTH = 300

const show = (u: unknown): string => inspect(u, { depth: 3, breakLength: Infinity, maxStringLength: 80 })

const describeOutcome = (outcome: Outcome): string =>
  outcome.kind === "ok"
    ? `a success (${show(outcome.value).slice(0, 120)})`
    : outcome.kind === "defect"
    ? `a defect (${show(outcome.defect).slice(0, 200)})`
    : `a rejection with ${show(outcome.error).slice(0, 200)}`

const problemsOf = (outcome: Outcome, path: ReadonlyArray<PropertyKey>): Array<string> => {
  const problems: Array<string> = []
  const everything = inspect(outcome, { depth: 10, maxStringLength: 20_000, maxArrayLength: 20_000 })
  if (everything.includes(VICTIM_MARKER)) problems.push("shows a session of another store")
  if (outcome.kind !== "fail" || !(outcome.error instanceof ValidationError)) {
    problems.push(`expected a ValidationError at ${show(path)}, got ${describeOutcome(outcome)}`)
    return problems
  }
  const error = outcome.error
  if (!isDeepStrictEqual([...error.path], [...path])) {
    problems.push(`ValidationError names ${show(error.path)}, expected ${show(path)}`)
  }
  if (error.message.length > MAX_MESSAGE_LENGTH) {
    problems.push(`message of ${error.message.length} characters echoes the input: ${error.message.slice(0, 100)}…`)
  }
  return problems
}

/**
 * Calls every slot of `group` with `row` and checks each call. Succeeds with the
 * problems found, each prefixed by the slot's name; none means the row passed.
 */
export const checkRow = (target: Target, group: Group, row: Row): Effect.Effect<Array<string>> =>
  Effect.gen(function*() {
    const problems: Array<string> = []
    const slots = group.slots.filter((slot) =>
      target.driver.methods.has(slot.method) && !(row.absent === true && slot.optional === true)
    )
    for (const slot of slots) {
      const before = yield* rawSnapshot(target.db(), target.collection)
      const prototypes = prototypeSnapshot()
      const outcome = yield* target.driver.call(slot.method, slot.args(row.value()))
      const found = problemsOf(outcome, [...slot.path, ...(row.path ?? [])])
      if ((yield* rawSnapshot(target.db(), target.collection)) !== before) found.push("changed the collection")
      if (prototypeSnapshot() !== prototypes) found.push("changed a built-in prototype")
      problems.push(...found.map((problem) => `${slot.name}: ${problem}`))
    }
    if (slots.length === 0) problems.push("no slot of this API takes the row")
    return problems
  })
