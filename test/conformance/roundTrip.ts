/**
 * Conformance: what is stored comes back, exactly; updates keep `createdAt`; stores are
 * isolated; callers never share objects with the storage.
 */
import { expect } from "@effect/vitest"
import { Effect, Option, TestClock } from "effect"
import type { ConformanceTarget } from "./harness.js"
import { HOUR, loadOrDie, START, storageTest } from "./harness.js"

/** Data a user could plausibly store, with every shape the rules allow. */
export const richData = () => ({
  preferences: { theme: "dark", fontSize: 14.5, beta: true, nothing: null },
  visitedAt: new Date(Date.UTC(2024, 1, 29, 12, 30, 15, 123)),
  history: [new Date(0), { at: new Date(-86_400_000), tags: ["a", "b"] }, [1, [2, [3]]], [], {}],
  unicode: "héllo wörld · 你好 · 🎉 · \u200b · \u0000 inside",
  numbers: { zero: 0, negativeZero: -0, big: 2 ** 53 - 1, tiny: 5e-324, huge: 1.7976931348623157e308, negative: -42 },
  "$where": "this.isAdmin",
  "a.b": { "c.d": 1, "$gt": "" },
  "": "empty key",
  "%": "percent key",
  "%24": "looks escaped",
  "key\u0000with nul": "nul key",
  "_id": "not the document id",
  constructor: "a string, not a function",
  prototype: { polluted: false },
  nested: JSON.parse("{\"__proto__\": {\"polluted\": true}, \"deep\": {\"__proto__\": [1]}}")
})

export const roundTripTests = (target: ConformanceTarget): void => {
  const test = storageTest(target)

  test("stores and loads every field, data included, deep-equal", (storage) =>
    Effect.gen(function*() {
      const expiresAt = new Date(START + 24 * HOUR)
      const stored = yield* storage.storeSession("my-store", {
        id: "session-123",
        userId: "user-456",
        data: richData(),
        expiresAt
      })
      const expected = {
        id: "session-123",
        store: "my-store",
        userId: "user-456",
        data: richData(),
        expiresAt,
        createdAt: new Date(START),
        updatedAt: new Date(START)
      }
      expect(stored).toStrictEqual(expected)
      const loaded = yield* loadOrDie(storage, "my-store", "session-123")
      expect(loaded).toStrictEqual(expected)
      expect(Object.is(loaded.data?.numbers.negativeZero, -0)).toBe(true)
      expect(loaded.data?.visitedAt).toBeInstanceOf(Date)
      expect(loaded.data?.history[1].at).toBeInstanceOf(Date)
    }))

  test("odd keys stay plain data and never touch a prototype", (storage) =>
    Effect.gen(function*() {
      yield* storage.storeSession("s", { id: "proto", data: richData() })
      const { data } = yield* loadOrDie(storage, "s", "proto")
      expect(Object.getPrototypeOf(data?.nested)).toBe(Object.prototype)
      expect(Object.getOwnPropertyNames(data?.nested)).toEqual(["__proto__", "deep"])
      expect(data?.nested.polluted).toBeUndefined()
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      expect(typeof data?.constructor).toBe("string")
    }))

  test("a session with only an id round-trips without optional fields", (storage) =>
    Effect.gen(function*() {
      const stored = yield* storage.storeSession("s", { id: "bare" })
      expect(stored).toStrictEqual({ id: "bare", store: "s", createdAt: new Date(START), updatedAt: new Date(START) })
      expect(yield* loadOrDie(storage, "s", "bare")).toStrictEqual(stored)
    }))

  test("properties set to undefined are treated as absent", (storage) =>
    Effect.gen(function*() {
      const stored = yield* storage.storeSession("s", {
        id: "u",
        userId: undefined,
        expiresAt: undefined,
        data: { kept: 1, dropped: undefined, inner: { gone: undefined } }
      })
      expect(stored).toStrictEqual({
        id: "u",
        store: "s",
        data: { kept: 1, inner: {} },
        createdAt: new Date(START),
        updatedAt: new Date(START)
      })
      expect(yield* loadOrDie(storage, "s", "u")).toStrictEqual(stored)
    }))

  test("an update keeps createdAt, advances updatedAt and replaces the other fields", (storage) =>
    Effect.gen(function*() {
      yield* storage.storeSession("s", {
        id: "a",
        userId: "u1",
        data: { v: 1 },
        expiresAt: new Date(START + HOUR)
      })
      yield* TestClock.adjust("10 seconds")
      const updated = yield* storage.storeSession("s", { id: "a", data: { v: 2 } })
      const expected = {
        id: "a",
        store: "s",
        data: { v: 2 },
        createdAt: new Date(START),
        updatedAt: new Date(START + 10_000)
      }
      expect(updated).toStrictEqual(expected)
      expect(yield* loadOrDie(storage, "s", "a")).toStrictEqual(expected)
    }))

  test("writes are ordered by updatedAt: an older write resolves and leaves the newer session", (storage) =>
    Effect.gen(function*() {
      yield* storage.storeSession("s", { id: "a", data: { v: "first" } })
      yield* TestClock.adjust("10 seconds")
      const newer = yield* storage.storeSession("s", { id: "a", userId: "u", data: { v: "newer" } })
      // A writer whose clock (or request) is 5 seconds behind: it is ordered before `newer`.
      yield* TestClock.setTime(START + 5_000)
      const older = yield* storage.storeSession("s", { id: "a", data: { v: "older" } })
      expect(older).toStrictEqual({
        id: "a",
        store: "s",
        data: { v: "older" },
        createdAt: new Date(START),
        updatedAt: new Date(START + 5_000)
      })
      expect(yield* loadOrDie(storage, "s", "a")).toStrictEqual(newer)
      expect(yield* storage.findSessionsByStore("s")).toStrictEqual([newer])
    }))

  test("a loaded session can be stored back as it is", (storage) =>
    Effect.gen(function*() {
      yield* storage.storeSession("s", { id: "back", userId: "u", data: { n: 1 } })
      const loaded = yield* loadOrDie(storage, "s", "back")
      loaded.data = { n: 2 }
      yield* TestClock.adjust("1 second")
      const stored = yield* storage.storeSession("s", loaded)
      expect(stored).toStrictEqual({ ...loaded, updatedAt: new Date(START + 1000) })
    }))

  test("the same id in two stores is two sessions, and neither sees the other", (storage) =>
    Effect.gen(function*() {
      yield* storage.storeSession("store-a", { id: "shared", data: { owner: "a" } })
      yield* storage.storeSession("store-b", { id: "shared", data: { owner: "b" } })
      expect((yield* loadOrDie(storage, "store-a", "shared")).data).toEqual({ owner: "a" })
      expect((yield* loadOrDie(storage, "store-b", "shared")).data).toEqual({ owner: "b" })
      expect(yield* storage.deleteSession("store-a", "shared")).toBe(true)
      expect(yield* storage.loadSession("store-a", "shared")).toEqual(Option.none())
      expect((yield* loadOrDie(storage, "store-b", "shared")).data).toEqual({ owner: "b" })
      expect((yield* storage.findSessionsByStore("store-b")).map((s) => s.store)).toEqual(["store-b"])
      expect(yield* storage.findSessionsByStore("store-c")).toEqual([])
    }))

  test("stores whose names could collide when joined stay apart", (storage) =>
    Effect.gen(function*() {
      yield* storage.storeSession("a:b", { id: "c", data: { which: 1 } })
      yield* storage.storeSession("a", { id: "b:c", data: { which: 2 } })
      yield* storage.storeSession("a:", { id: "b:c", data: { which: 3 } })
      expect((yield* loadOrDie(storage, "a:b", "c")).data).toEqual({ which: 1 })
      expect((yield* loadOrDie(storage, "a", "b:c")).data).toEqual({ which: 2 })
      expect((yield* loadOrDie(storage, "a:", "b:c")).data).toEqual({ which: 3 })
      expect(yield* storage.loadSession("a", "b")).toEqual(Option.none())
    }))

  test("a missing session is none", (storage) =>
    Effect.gen(function*() {
      expect(yield* storage.loadSession("s", "nope")).toEqual(Option.none())
    }))

  test("callers never share objects with the storage", (storage) =>
    Effect.gen(function*() {
      const input = { id: "m", data: { list: [1], when: new Date(5) } }
      const stored = yield* storage.storeSession("s", input)
      input.data.list.push(2)
      input.data.when.setTime(6)
      stored.data!.list.push(3)
      const loaded = yield* loadOrDie(storage, "s", "m")
      loaded.data!.list.push(4)
      expect((yield* loadOrDie(storage, "s", "m")).data).toEqual({ list: [1], when: new Date(5) })
    }))

  test("keys and ids at the 255-character limit and in any script round-trip", (storage) =>
    Effect.gen(function*() {
      const store = "s".repeat(255)
      const id = "é".repeat(255)
      const userId = "ユーザー🎉"
      yield* storage.storeSession(store, { id, userId })
      expect(yield* loadOrDie(storage, store, id)).toMatchObject({ store, id, userId })
    }))

  test("data of a hundred kilobytes round-trips", (storage) =>
    Effect.gen(function*() {
      const data = { blob: "x".repeat(100_000), items: Array.from({ length: 500 }, (_, i) => ({ i, at: new Date(i) })) }
      yield* storage.storeSession("s", { id: "big", data })
      expect((yield* loadOrDie(storage, "s", "big")).data).toStrictEqual(data)
    }))
}
