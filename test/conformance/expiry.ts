/**
 * Conformance: an expired session is gone for every reader at once, by the `Clock`.
 */
import { expect } from "@effect/vitest"
import { Chunk, Effect, Option, Stream, TestClock } from "effect"
import type { ConformanceTarget } from "./harness.js"
import { HOUR, ids, loadOrDie, START, storageTest } from "./harness.js"

export const expiryTests = (target: ConformanceTarget): void => {
  const test = storageTest(target)

  test("a session is live until its expiresAt and gone from then on", (storage) =>
    Effect.gen(function*() {
      yield* storage.storeSession("s", { id: "e", expiresAt: new Date(START + HOUR) })
      yield* TestClock.setTime(START + HOUR - 1)
      expect(Option.isSome(yield* storage.loadSession("s", "e"))).toBe(true)
      yield* TestClock.setTime(START + HOUR)
      expect(yield* storage.loadSession("s", "e")).toEqual(Option.none())
    }))

  test("expired sessions are left out of listings and streams", (storage) =>
    Effect.gen(function*() {
      yield* storage.storeSession("s", { id: "short", userId: "u", expiresAt: new Date(START + 1000) })
      yield* storage.storeSession("s", { id: "long", userId: "u", expiresAt: new Date(START + HOUR) })
      yield* storage.storeSession("s", { id: "forever", userId: "u" })
      expect(ids(yield* storage.findSessionsByStore("s"))).toEqual(["forever", "long", "short"])
      yield* TestClock.adjust("1 second")
      expect(ids(yield* storage.findSessionsByStore("s"))).toEqual(["forever", "long"])
      expect(ids(yield* storage.findSessionsByStore("s", { userId: "u", limit: 10 }))).toEqual(["forever", "long"])
      const streamed = yield* Stream.runCollect(storage.streamSessionsByStore("s"))
      expect(ids(Chunk.toArray(streamed))).toEqual(["forever", "long"])
      yield* TestClock.adjust("2 hours")
      expect(ids(yield* storage.findSessionsByStore("s"))).toEqual(["forever"])
    }))

  test("a session without expiresAt never expires", (storage) =>
    Effect.gen(function*() {
      yield* storage.storeSession("s", { id: "forever" })
      yield* TestClock.adjust("36500 days")
      expect((yield* loadOrDie(storage, "s", "forever")).id).toBe("forever")
    }))

  test("a session stored already expired is never seen", (storage) =>
    Effect.gen(function*() {
      const stored = yield* storage.storeSession("s", { id: "past", expiresAt: new Date(START - 1) })
      expect(stored.expiresAt).toEqual(new Date(START - 1))
      expect(yield* storage.loadSession("s", "past")).toEqual(Option.none())
      expect(yield* storage.findSessionsByStore("s")).toEqual([])
    }))

  test("storing an expired session's id again makes a new session", (storage) =>
    Effect.gen(function*() {
      yield* storage.storeSession("s", { id: "again", userId: "old", expiresAt: new Date(START + 1000) })
      yield* TestClock.adjust("1 minute")
      const stored = yield* storage.storeSession("s", { id: "again", data: { fresh: true } })
      const expected = {
        id: "again",
        store: "s",
        data: { fresh: true },
        createdAt: new Date(START + 60_000),
        updatedAt: new Date(START + 60_000)
      }
      expect(stored).toStrictEqual(expected)
      expect(yield* loadOrDie(storage, "s", "again")).toStrictEqual(expected)
    }))

  test("extending expiresAt keeps a session alive", (storage) =>
    Effect.gen(function*() {
      yield* storage.storeSession("s", { id: "x", expiresAt: new Date(START + 1000) })
      yield* TestClock.adjust("500 millis")
      yield* storage.storeSession("s", { id: "x", expiresAt: new Date(START + HOUR) })
      yield* TestClock.adjust("1 minute")
      expect((yield* loadOrDie(storage, "s", "x")).createdAt).toEqual(new Date(START))
    }))

  test("deleting an expired session reports that nothing live was deleted", (storage) =>
    Effect.gen(function*() {
      yield* storage.storeSession("s", { id: "a", expiresAt: new Date(START + 1000) })
      yield* storage.storeSession("s", { id: "b", expiresAt: new Date(START + 1000) })
      yield* storage.storeSession("s", { id: "c" })
      yield* TestClock.adjust("2 seconds")
      expect(yield* storage.deleteSession("s", "a")).toBe(false)
      expect(yield* storage.deleteSessions("s", ["b", "c"])).toBe(1)
      expect(yield* storage.findSessionsByStore("s")).toEqual([])
    }))
}
