/**
 * Conformance: a storage used after its scope has closed (for the facade: after
 * `disconnect()`) fails every operation with `StorageClosedError` naming it, before
 * looking at the input, whether the operation was made before or after the close.
 */
import { expect, it } from "@effect/vitest"
import { Context, Effect, Exit, Layer, Scope, Stream, TestClock } from "effect"
import { SessionStorage } from "../../src/index.js"
import type { ConformanceTarget } from "./harness.js"
import { START } from "./harness.js"

/** Every operation of `storage` once, on keys a closing test stores before the close (`shop/before-close`). */
export const everyOperation = (storage: SessionStorage.Service) => ({
  storeSession: storage.storeSession("shop", { id: "after-close" }),
  loadSession: storage.loadSession("shop", "before-close"),
  deleteSession: storage.deleteSession("shop", "before-close"),
  deleteSessions: storage.deleteSessions("shop", ["before-close"]),
  findSessionsByStore: storage.findSessionsByStore("shop"),
  streamSessionsByStore: Stream.runCollect(storage.streamSessionsByStore("shop")),
  ensureIndex: storage.ensureIndex
})

/**
 * Builds `layer` in a scope of its own, stores `shop/before-close`, and closes the scope.
 * Succeeds with the closed storage and a `loadSession` made before the close (run after it).
 */
export const closedStorage = (layer: Layer.Layer<SessionStorage.SessionStorage, unknown>) =>
  Effect.gen(function*() {
    const scope = yield* Scope.make()
    const context = yield* Layer.buildWithScope(layer, scope)
    const storage = Context.get(context, SessionStorage.SessionStorage)
    yield* storage.storeSession("shop", { id: "before-close" })
    const madeEarly = storage.loadSession("shop", "before-close")
    yield* Scope.close(scope, Exit.void)
    return { storage, madeEarly }
  })

/** Every operation with input it would refuse, were it open. */
const invalidOperations = (storage: SessionStorage.Service) => ({
  storeSession: storage.storeSession("", { id: { $ne: null } as never }),
  loadSession: storage.loadSession("shop", ""),
  deleteSession: storage.deleteSession({ $gt: "" } as never, "x"),
  deleteSessions: storage.deleteSessions("shop", "not an array" as never),
  findSessionsByStore: storage.findSessionsByStore("shop", { limit: -1 }),
  streamSessionsByStore: Stream.runCollect(storage.streamSessionsByStore("shop", { offset: Number.NaN }))
})

/** Registers the closing tests for `target`. */
export const closingTests = (target: ConformanceTarget): void => {
  it.effect("after its scope closes, every operation fails with StorageClosedError, valid input or not", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(START)
      const { madeEarly, storage } = yield* closedStorage(target.layer)
      const calls = [
        // Made before the close, run after it: the check is when an operation runs.
        ["loadSession", madeEarly] as const,
        ...Object.entries(everyOperation(storage)),
        ...Object.entries(invalidOperations(storage))
      ]
      for (const [operation, effect] of calls) {
        const error = yield* Effect.flip(effect as Effect.Effect<unknown, unknown>)
        const { _tag, operation: named } = error as { _tag?: unknown; operation?: unknown }
        expect({ operation, _tag }).toEqual({ operation, _tag: "StorageClosedError" })
        // Where the stream is the listing (the facade), the listing's name is the right one.
        expect(named).toBe(
          operation === "streamSessionsByStore" && target.streamIsListing === true ? "findSessionsByStore" : operation
        )
        expect(String(error)).toMatch(/closed/)
      }
    }))
}
