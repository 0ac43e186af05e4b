/**
 * What lands in MongoDB for a stored session, read back with the raw driver, and data
 * that comes back exactly through every read path of the layer.
 */
import { expect, layer } from "@effect/vitest"
import { Chunk, Effect, Layer, Option, Stream, TestClock } from "effect"
import type { Session } from "../../src/index.js"
import { SessionStorage } from "../../src/index.js"
import { useTestDatabase } from "../support/mongo.js"
import { storageOver } from "./helpers.js"

const mongo = useTestDatabase(import.meta.url)
const COLLECTION = "sessions"
const T1 = Date.UTC(2030, 0, 1, 12, 0, 0)
const MINUTE = 60_000

const storage = Layer.unwrapEffect(
  Effect.sync(() => storageOver(mongo.db(), { collectionName: COLLECTION, expiry: "none" }))
)

const raw = (_id: string) =>
  Effect.promise(() => mongo.db().collection<Record<string, unknown> & { _id: string }>(COLLECTION).findOne({ _id }))

const rawOrDie = (_id: string) =>
  Effect.flatMap(
    raw(_id),
    (document) => document === null ? Effect.dieMessage(`no document ${_id}`) : Effect.succeed(document)
  )

const loadOrDie = (store: string, id: string) =>
  Effect.flatMap(
    SessionStorage.loadSession(store, id),
    Option.match({ onNone: () => Effect.dieMessage(`no session ${store}/${id}`), onSome: Effect.succeed })
  )

layer(storage)("documents in MongoDB", (it) => {
  it.effect("a stored session is one document with _id, store, id, userId, data, and Date fields", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T1)
      const expiresAt = new Date(T1 + 60 * MINUTE)
      yield* SessionStorage.storeSession("my-store", {
        id: "session-123",
        userId: "user-456",
        data: { theme: "dark" },
        expiresAt
      })
      const document = yield* rawOrDie("8:my-store:session-123")
      expect(document).toStrictEqual({
        _id: "8:my-store:session-123",
        store: "my-store",
        id: "session-123",
        userId: "user-456",
        data: { theme: "dark" },
        expiresAt,
        createdAt: new Date(T1),
        updatedAt: new Date(T1)
      })
      expect(document["createdAt"]).toBeInstanceOf(Date)
    }))

  it.effect("the _id is the store's length, the store and the id: stores with colons never meet", () =>
    Effect.gen(function*() {
      yield* SessionStorage.storeSession("a:b", { id: "c", data: { owner: "store a:b" } })
      yield* SessionStorage.storeSession("a", { id: "b:c", data: { owner: "store a" } })
      expect((yield* rawOrDie("3:a:b:c"))["data"]).toEqual({ owner: "store a:b" })
      expect((yield* rawOrDie("1:a:b:c"))["data"]).toEqual({ owner: "store a" })
    }))

  it.effect("keys MongoDB-compatible servers refuse are escaped in storage", () =>
    Effect.gen(function*() {
      yield* SessionStorage.storeSession("esc", {
        id: "keys",
        data: {
          "$where": "this.isAdmin",
          "a.b": 1,
          "": "empty",
          "100%": "percent",
          nested: { "$gt": { "x.y": true } },
          matrix: [[1, 2], [3]],
          negativeZero: -0
        }
      })
      const document = yield* rawOrDie("3:esc:keys")
      expect(document["data"]).toStrictEqual({
        "%24where": "this.isAdmin",
        "a%2Eb": 1,
        "%": "empty",
        "100%25": "percent",
        nested: { "%24gt": { "x%2Ey": true } },
        matrix: [{ "%A": [1, 2] }, { "%A": [3] }],
        negativeZero: { "%N": "-0" }
      })
    }))

  it.effect("an update keeps createdAt, moves updatedAt, and $unsets the fields left out", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T1)
      yield* SessionStorage.storeSession("upd", {
        id: "s",
        userId: "u1",
        data: { step: 1 },
        expiresAt: new Date(T1 + 60 * MINUTE)
      })
      yield* TestClock.setTime(T1 + MINUTE)
      const stored = yield* SessionStorage.storeSession("upd", { id: "s", data: { step: 2 } })
      expect(stored.createdAt).toEqual(new Date(T1))
      expect(stored.updatedAt).toEqual(new Date(T1 + MINUTE))

      const document = yield* rawOrDie("3:upd:s")
      expect(document["createdAt"]).toEqual(new Date(T1))
      expect(document["updatedAt"]).toEqual(new Date(T1 + MINUTE))
      expect(document["data"]).toEqual({ step: 2 })
      expect(Object.keys(document).sort()).toEqual(["_id", "createdAt", "data", "id", "store", "updatedAt"])

      yield* TestClock.setTime(T1 + 2 * MINUTE)
      yield* SessionStorage.storeSession("upd", { id: "s" })
      expect(Object.keys(yield* rawOrDie("3:upd:s")).sort()).toEqual(["_id", "createdAt", "id", "store", "updatedAt"])
    }))

  it.effect("data round-trips exactly through loadSession, findSessionsByStore and streamSessionsByStore", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(T1)
      const data = () => ({
        matrix: [[1, [2, [3, []]]], [], [[]]],
        zeros: { negative: -0, inArray: [-0, 0], inMatrix: [[-0]] },
        dates: { at: new Date(Date.UTC(2024, 1, 29)), list: [new Date(0), [new Date(-1)]], deep: { d: new Date(1) } },
        lookalikes: { "%A": [1], "%N": "-0", "%41": "x", "%25": "y" },
        wrapped: [{ "%A": [1] }, { "%N": "-0" }],
        proto: JSON.parse("{\"__proto__\": {\"polluted\": true}, \"constructor\": \"not a function\"}")
      })
      yield* SessionStorage.storeSession("rt", { id: "exact", data: data() })

      const loaded = yield* loadOrDie("rt", "exact")
      const [found] = yield* SessionStorage.findSessionsByStore("rt")
      const streamed = Chunk.toReadonlyArray(
        yield* Stream.runCollect(Stream.unwrap(Effect.map(
          SessionStorage.SessionStorage,
          (service) => service.streamSessionsByStore("rt")
        )))
      )
      for (const session of [loaded, found, streamed[0]] as ReadonlyArray<Session | undefined>) {
        expect(session?.data).toStrictEqual(data())
        expect(Object.is(session?.data?.zeros.negative, -0)).toBe(true)
        expect(Object.is(session?.data?.zeros.inArray[0], -0)).toBe(true)
        expect(Object.is(session?.data?.zeros.inMatrix[0][0], -0)).toBe(true)
        expect(session?.data?.dates.list[1][0]).toBeInstanceOf(Date)
        const proto = session?.data?.proto
        expect(Object.getPrototypeOf(proto)).toBe(Object.prototype)
        expect(Object.getOwnPropertyNames(proto)).toEqual(["__proto__", "constructor"])
        expect(proto.polluted).toBeUndefined()
      }
      expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined()
    }))
})
