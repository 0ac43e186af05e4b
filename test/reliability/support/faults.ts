/**
 * What the server-fault tests share: a server of their own, a guard that collects
 * unhandled rejections and uncaught exceptions, and a record of every operation's
 * timing and outcome under a mixed load.
 */
import type { Scope } from "effect"
import { Effect } from "effect"
import { isSessionStorageError } from "../../../src/index.js"
import type { Driver, Method, Outcome } from "./drivers.js"

/** Every unhandled rejection and uncaught exception while the scope is open. */
export const captureProcessFaults: Effect.Effect<Array<unknown>, never, Scope.Scope> = Effect.acquireRelease(
  Effect.sync(() => {
    const faults: Array<unknown> = []
    const onFault = (reason: unknown) => faults.push(reason)
    process.on("unhandledRejection", onFault)
    process.on("uncaughtException", onFault)
    return { faults, onFault }
  }),
  ({ onFault }) =>
    Effect.sync(() => {
      process.off("unhandledRejection", onFault)
      process.off("uncaughtException", onFault)
    })
).pipe(Effect.map(({ faults }) => faults))

/** One operation of the load: what, through which API, when, and how it ended. */
export interface OperationRecord {
  readonly api: string
  readonly method: Method
  readonly startedAt: number
  readonly endedAt: number
  /** "ok", the error's `_tag`, or a description of anything that is not a typed error. */
  readonly result: string
  readonly value: unknown
  /** For stores: the id written. */
  readonly id?: string
}

/** "ok", the `_tag` of a library error, or what else it was (a defect, a foreign error). */
export const resultOf = (outcome: Outcome): string =>
  outcome.kind === "ok"
    ? "ok"
    : outcome.kind === "fail" && isSessionStorageError(outcome.error)
    ? outcome.error._tag
    : `${outcome.kind}: ${String(outcome.kind === "fail" ? outcome.error : outcome.defect).slice(0, 200)}`

/** Runs one call and records it. */
export const recorded = (
  records: Array<OperationRecord>,
  driver: Driver,
  method: Method,
  args: ReadonlyArray<unknown>,
  id?: string
): Effect.Effect<Outcome> =>
  Effect.gen(function*() {
    const startedAt = Date.now()
    const outcome = yield* driver.call(method, args)
    records.push({
      api: driver.name,
      method,
      startedAt,
      endedAt: Date.now(),
      result: resultOf(outcome),
      value: outcome.kind === "ok" ? outcome.value : undefined,
      ...(id === undefined ? {} : { id })
    })
    return outcome
  })

/**
 * A worker of the mixed load: stores (new ids, so that every acknowledged one can be
 * checked later), loads of ids it stored, listings and deletes of ids it never stored,
 * until `running()` is false.
 */
export const mixedLoadWorker = (
  records: Array<OperationRecord>,
  driver: Driver,
  store: string,
  worker: number,
  running: () => boolean
): Effect.Effect<void> =>
  Effect.gen(function*() {
    const mine: Array<string> = []
    for (let i = 0; running(); i++) {
      const id = `w${worker}-${i}`
      switch (i % 5) {
        case 0:
        case 2: {
          const outcome = yield* recorded(records, driver, "storeSession", [store, { id, data: { i } }], id)
          if (outcome.kind === "ok") mine.push(id)
          break
        }
        case 1:
          yield* recorded(records, driver, "loadSession", [store, mine[mine.length - 1] ?? id])
          break
        case 3:
          yield* recorded(records, driver, "findSessionsByStore", [store, { limit: 10, offset: i % 7 }])
          break
        case 4:
          yield* recorded(records, driver, i % 2 === 0 ? "deleteSession" : "deleteSessions", [
            store,
            i % 2 === 0 ? `never-${i}` : [`never-${i}`, `never-${i + 1}`]
          ])
          break
      }
      // A failed call returns at once when the server refuses connections: do not spin.
      if (records[records.length - 1]?.result !== "ok") yield* Effect.sleep("20 millis")
    }
  })
