/**
 * Conformance: a storage used after its scope has closed (for the facade: after
 * `disconnect()`) fails every operation with `StorageClosedError`, and lets go of what
 * it held: a session stored before the close is not there through the closed storage.
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

export const closingTests = (target: ConformanceTarget): void => {
  it.effect("after its scope closes, every operation fails with StorageClosedError", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(START)
      const scope = yield* Scope.make()
      const context = yield* Layer.buildWithScope(target.layer, scope)
      const storage = Context.get(context, SessionStorage.SessionStorage)
      yield* storage.storeSession("shop", { id: "before-close" })
      // Made before the close, run after it: the check is when an operation runs.
      const madeEarly = storage.loadSession("shop", "before-close")
      yield* Scope.close(scope, Exit.void)

      const failures = yield* Effect.forEach(
        Object.entries({ ...everyOperation(storage), madeEarly }),
        ([operation, effect]) =>
          Effect.map(Effect.flip(effect as Effect.Effect<unknown, unknown>), (error) => ({ operation, error }))
      )
      for (const { error, operation } of failures) {
        expect({ operation, tag: (error as { _tag?: unknown })._tag }).toEqual({
          operation,
          tag: "StorageClosedError"
        })
        expect(String(error)).toMatch(/closed/)
      }
    }))
}
