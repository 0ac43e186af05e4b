/**
 * Runs one sequence of model operations against two storages with the same clock and
 * fails at the first operation whose results differ (sessions compared deeply, Dates
 * and `-0` included; errors compared by tag, path and message).
 */
import { Chunk, Clock, Effect, Either, Option, Stream, TestClock } from "effect"
import { inspect, isDeepStrictEqual } from "node:util"
import type { SessionStorage } from "../../../src/index.js"
import { isSessionStorageError } from "../../../src/index.js"
import type { Op } from "./modelOps.js"

/** Hostile input is, by definition, not what the types allow. */
type Hostile = any

/** A result both storages must agree on. */
type Result = { readonly ok: unknown } | { readonly error: unknown }

const invalidCalls: ReadonlyArray<(s: SessionStorage.Service, store: string) => Effect.Effect<unknown, unknown>> = [
  (s, store) => s.storeSession(store, { id: "" }),
  (s, store) => s.storeSession(store, { id: "a", data: { f: (() => 1) as Hostile } }),
  (s, store) => s.loadSession(store, { $ne: null } as Hostile),
  (s, store) => s.findSessionsByStore(store, { limit: 0 }),
  (s, store) => s.deleteSessions(store, ["a", null as Hostile]),
  (s, store) => s.findSessionsByStore(store, { $where: "1" } as Hostile)
]

const settle = <A>(effect: Effect.Effect<A, unknown>): Effect.Effect<Result> =>
  Effect.map(Effect.either(effect), (either) =>
    Either.match(either, {
      onRight: (ok) => ({ ok: Option.isOption(ok) ? Option.getOrNull(ok) : ok }),
      onLeft: (error) => ({
        error: isSessionStorageError(error)
          ? { _tag: error._tag, path: "path" in error ? error.path : undefined, message: error.message }
          : inspect(error)
      })
    }))

/** Runs `op` on one storage. */
const runOp = (s: SessionStorage.Service, op: Op, stores: ReadonlyArray<string>, now: number) => {
  const store = "store" in op ? stores[op.store] ?? "missing" : "missing"
  switch (op._tag) {
    case "store":
      return settle(s.storeSession(store, {
        id: op.id,
        ...(op.userId === undefined ? {} : { userId: op.userId }),
        ...(op.data === undefined ? {} : { data: op.data }),
        ...(op.expiresIn === undefined ? {} : { expiresAt: new Date(now + op.expiresIn) })
      }))
    case "load":
      return settle(s.loadSession(store, op.id))
    case "delete":
      return settle(s.deleteSession(store, op.id))
    case "deleteMany":
      return settle(s.deleteSessions(store, op.ids))
    case "find":
    case "stream": {
      const options = {
        ...(op.userId === undefined ? {} : { userId: op.userId }),
        ...(op.limit === undefined ? {} : { limit: op.limit }),
        ...(op.offset === undefined ? {} : { offset: op.offset })
      }
      return settle(
        op._tag === "find"
          ? s.findSessionsByStore(store, options)
          : Effect.map(Stream.runCollect(s.streamSessionsByStore(store, options)), Chunk.toArray)
      )
    }
    case "invalid":
      return settle(invalidCalls[op.which % invalidCalls.length]!(s, stores[0] ?? "missing"))
    case "advance":
      return Effect.succeed({ ok: undefined })
  }
}

/**
 * Runs `ops` on `model` and `real`, in lockstep. Fails with a description of the first
 * operation whose results differ.
 */
export const runSequence = (
  ops: ReadonlyArray<Op>,
  model: SessionStorage.Service,
  real: SessionStorage.Service,
  stores: ReadonlyArray<string>
): Effect.Effect<void, string> =>
  Effect.gen(function*() {
    for (const [index, op] of ops.entries()) {
      if (op._tag === "advance") {
        yield* TestClock.adjust(op.ms)
        continue
      }
      const now = yield* Clock.currentTimeMillis
      const expected = yield* runOp(model, op, stores, now)
      const actual = yield* runOp(real, op, stores, now)
      if (!isDeepStrictEqual(actual, expected)) {
        const show = (u: unknown) => inspect(u, { depth: 8, breakLength: 120 })
        return yield* Effect.fail(
          `operation ${index} (${show(op)}) differs:\n in memory: ${show(expected)}\n MongoDB:   ${show(actual)}`
        )
      }
    }
  })
