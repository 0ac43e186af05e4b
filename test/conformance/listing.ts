/**
 * Conformance: listing order, pages, the userId filter, streams, deletes, ensureIndex.
 */
import { expect } from "@effect/vitest"
import { Chunk, Effect, Option, Stream, TestClock } from "effect"
import type { SessionStorage } from "../../src/index.js"
import type { ConformanceTarget } from "./harness.js"
import { ids, pageThrough, storageTest } from "./harness.js"

/** Stores `count` sessions, two per millisecond, in an order unrelated to their ids. */
const seed = (storage: SessionStorage.Service, store: string, count: number) =>
  Effect.gen(function*() {
    for (let i = 0; i < count; i++) {
      const n = (i * 7) % count
      yield* storage.storeSession(store, { id: `id-${String(n).padStart(3, "0")}`, userId: `user-${n % 3}` })
      if (i % 2 === 1) yield* TestClock.adjust("1 millis")
    }
  })

export const listingTests = (target: ConformanceTarget): void => {
  const test = storageTest(target)

  test("sessions are listed oldest first, ties broken by id", (storage) =>
    Effect.gen(function*() {
      yield* storage.storeSession("s", { id: "b" })
      yield* storage.storeSession("s", { id: "a" })
      yield* TestClock.adjust("1 millis")
      yield* storage.storeSession("s", { id: "0" })
      yield* TestClock.adjust("1 millis")
      yield* storage.storeSession("s", { id: "a" })
      expect(ids(yield* storage.findSessionsByStore("s"))).toEqual(["a", "b", "0"])
    }))

  test("ids are ordered by code point, as MongoDB compares strings", (storage) =>
    Effect.gen(function*() {
      const unordered = ["\uffff", "😀", "z", "Z", "é", "a", "aa", "\u00ff", "\ud7ff", "\ue000"]
      for (const id of unordered) yield* storage.storeSession("s", { id })
      expect(ids(yield* storage.findSessionsByStore("s"))).toEqual([
        "Z",
        "a",
        "aa",
        "z",
        "é",
        "\u00ff",
        "\ud7ff",
        "\ue000",
        "\uffff",
        "😀"
      ])
    }))

  test("limit/offset pages never skip or repeat a session", (storage) =>
    Effect.gen(function*() {
      yield* seed(storage, "s", 25)
      const all = yield* storage.findSessionsByStore("s")
      expect(all).toHaveLength(25)
      for (const limit of [1, 7, 25, 100]) {
        const pages = yield* pageThrough(storage, "s", limit)
        expect(pages.flat()).toEqual(all)
        expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true)
      }
      expect(yield* storage.findSessionsByStore("s", { offset: 25 })).toEqual([])
      expect(ids(yield* storage.findSessionsByStore("s", { offset: 20 }))).toEqual(ids(all.slice(20)))
      const sorted = [...all].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
      expect(ids(all)).toEqual(ids(sorted))
    }))

  test("the userId filter lists only that user's sessions, in order and in pages", (storage) =>
    Effect.gen(function*() {
      yield* seed(storage, "s", 24)
      yield* storage.storeSession("other", { id: "x", userId: "user-1" })
      const all = yield* storage.findSessionsByStore("s")
      const mine = yield* storage.findSessionsByStore("s", { userId: "user-1" })
      expect(mine).toEqual(all.filter((s) => s.userId === "user-1"))
      expect(mine).toHaveLength(8)
      expect((yield* pageThrough(storage, "s", 3, { userId: "user-1" })).flat()).toEqual(mine)
      expect(yield* storage.findSessionsByStore("s", { userId: "nobody" })).toEqual([])
    }))

  test("the stream yields what the list yields", (storage) =>
    Effect.gen(function*() {
      yield* seed(storage, "s", 30)
      const collect = (options?: Parameters<SessionStorage.Service["streamSessionsByStore"]>[1]) =>
        Effect.map(Stream.runCollect(storage.streamSessionsByStore("s", options)), Chunk.toArray)
      expect(yield* collect()).toEqual(yield* storage.findSessionsByStore("s"))
      for (const options of [{ limit: 5 }, { offset: 28 }, { userId: "user-2", limit: 4, offset: 1 }]) {
        expect(yield* collect(options)).toEqual(yield* storage.findSessionsByStore("s", options))
      }
      expect(yield* Effect.map(Stream.runCollect(storage.streamSessionsByStore("empty")), Chunk.size)).toBe(0)
    }))

  test("deleteSession deletes one session and says whether it did", (storage) =>
    Effect.gen(function*() {
      yield* storage.storeSession("s", { id: "a" })
      yield* storage.storeSession("s", { id: "b" })
      expect(yield* storage.deleteSession("s", "a")).toBe(true)
      expect(yield* storage.deleteSession("s", "a")).toBe(false)
      expect(yield* storage.deleteSession("s", "never")).toBe(false)
      expect(yield* storage.loadSession("s", "a")).toEqual(Option.none())
      expect(ids(yield* storage.findSessionsByStore("s"))).toEqual(["b"])
    }))

  test("deleteSessions deletes many in one call, counts them, and leaves other stores alone", (storage) =>
    Effect.gen(function*() {
      for (const id of ["a", "b", "c", "d"]) {
        yield* storage.storeSession("s", { id })
        yield* storage.storeSession("t", { id })
      }
      expect(yield* storage.deleteSessions("s", ["a", "c", "missing", "a"])).toBe(2)
      expect(ids(yield* storage.findSessionsByStore("s"))).toEqual(["b", "d"])
      expect(ids(yield* storage.findSessionsByStore("t"))).toEqual(["a", "b", "c", "d"])
      expect(yield* storage.deleteSessions("s", [])).toBe(0)
      expect(yield* storage.deleteSessions("s", ["b", "d"])).toBe(2)
      expect(yield* storage.findSessionsByStore("s")).toEqual([])
    }))

  test("ensureIndex is idempotent and changes no session", (storage) =>
    Effect.gen(function*() {
      yield* storage.storeSession("s", { id: "a", data: { v: 1 } })
      const before = yield* storage.findSessionsByStore("s")
      yield* storage.ensureIndex
      yield* storage.ensureIndex
      expect(yield* storage.findSessionsByStore("s")).toEqual(before)
      yield* storage.storeSession("s", { id: "b" })
      expect(ids(yield* storage.findSessionsByStore("s"))).toEqual(["a", "b"])
    }))
}
