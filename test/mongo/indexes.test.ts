/**
 * The indexes the MongoDB layer creates, per expiry mode, and the primary key that keeps
 * one session per `(store, id)`.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import type { MongoServerError } from "mongodb"
import { MongoSessionStorage } from "../../src/index.js"
import { useTestDatabase } from "../support/mongo.js"
import { buildStorage, freshCollection, listIndexes, serverKind, storageOver } from "./helpers.js"

const mongo = useTestDatabase(import.meta.url)
const { INDEX_NAMES } = MongoSessionStorage

const idIndex = { name: "_id_", key: [["_id", 1]] }
const byStore = { name: INDEX_NAMES.byStore, key: [["store", 1], ["createdAt", 1], ["id", 1]] }
const byUser = { name: INDEX_NAMES.byUser, key: [["store", 1], ["userId", 1], ["createdAt", 1], ["id", 1]] }
const sweepIndex = { name: INDEX_NAMES.expiry, key: [["expiresAt", 1]] }
const ttlIndex = { ...sweepIndex, expireAfterSeconds: 0 }

const byName = <A extends { readonly name: string }>(indexes: ReadonlyArray<A>) =>
  [...indexes].sort((a, b) => a.name.localeCompare(b.name))

describe("indexes of MongoSessionStorage.layer", () => {
  it("documents the index names", () => {
    expect(INDEX_NAMES).toEqual({
      byStore: "store_1_createdAt_1_id_1",
      byUser: "store_1_userId_1_createdAt_1_id_1",
      expiry: "expiresAt_1"
    })
  })

  it.scoped("expiry \"none\": the primary key and the two listing indexes, no expiry index", () =>
    Effect.gen(function*() {
      const collection = freshCollection("none")
      yield* buildStorage(storageOver(mongo.db(), { collectionName: collection, expiry: "none" }))
      expect(yield* listIndexes(mongo.db(), collection)).toEqual(byName([idIndex, byStore, byUser]))
    }))

  it.scoped("expiry \"sweep\": the listing indexes and a plain expiresAt index (no TTL)", () =>
    Effect.gen(function*() {
      const collection = freshCollection("sweep")
      yield* buildStorage(
        storageOver(mongo.db(), { collectionName: collection, expiry: "sweep", sweepInterval: "1 hour" })
      )
      expect(yield* listIndexes(mongo.db(), collection)).toEqual(byName([idIndex, byStore, byUser, sweepIndex]))
    }))

  it.scoped("expiry \"auto\": a TTL index where the server has them, else the sweeper's plain index", () =>
    Effect.gen(function*() {
      const collection = freshCollection("auto")
      const server = yield* serverKind(mongo.db())
      yield* buildStorage(storageOver(mongo.db(), { collectionName: collection, sweepInterval: "1 hour" }))
      const expiry = server.supportsTtl ? ttlIndex : sweepIndex
      expect(yield* listIndexes(mongo.db(), collection)).toEqual(byName([idIndex, byStore, byUser, expiry]))
    }))

  it.scoped("ensureIndex, twice, changes nothing", () =>
    Effect.gen(function*() {
      const collection = freshCollection("twice")
      const storage = yield* buildStorage(
        storageOver(mongo.db(), { collectionName: collection, sweepInterval: "1 hour" })
      )
      const before = yield* listIndexes(mongo.db(), collection)
      yield* storage.ensureIndex
      yield* storage.ensureIndex
      expect(yield* listIndexes(mongo.db(), collection)).toEqual(before)
      expect(before.map((index) => index.name)).toContain(INDEX_NAMES.expiry)
    }))

  it.scoped("a second storage over the same collection (another instance of the app) builds and changes nothing", () =>
    Effect.gen(function*() {
      const collection = freshCollection("again")
      const first = yield* buildStorage(
        storageOver(mongo.db(), { collectionName: collection, expiry: "sweep", sweepInterval: "1 hour" })
      )
      yield* first.storeSession("shop", { id: "s1" })
      const before = yield* listIndexes(mongo.db(), collection)
      const second = yield* buildStorage(
        storageOver(mongo.db(), { collectionName: collection, expiry: "sweep", sweepInterval: "1 hour" })
      )
      expect(yield* listIndexes(mongo.db(), collection)).toEqual(before)
      expect((yield* second.loadSession("shop", "s1"))._tag).toBe("Some")
    }))

  it.scoped("the database itself refuses a second document for the same (store, id)", () =>
    Effect.gen(function*() {
      const collection = freshCollection("dup")
      const storage = yield* buildStorage(storageOver(mongo.db(), { collectionName: collection, expiry: "none" }))
      yield* storage.storeSession("my-store", { id: "session-123", userId: "u1" })
      const raw = mongo.db().collection<{ _id: string } & Record<string, unknown>>(collection)
      const stored = yield* Effect.promise(() => raw.findOne({ store: "my-store", id: "session-123" }))
      expect(stored?._id).toBe("8:my-store:session-123")

      const now = new Date()
      const error = yield* Effect.flip(Effect.tryPromise(() =>
        raw.insertOne({
          _id: "8:my-store:session-123",
          store: "my-store",
          id: "session-123",
          userId: "intruder",
          createdAt: now,
          updatedAt: now
        })
      ))
      expect((error.error as MongoServerError).code).toBe(11000)
      expect(yield* Effect.promise(() => raw.countDocuments({}))).toBe(1)
      const session = yield* storage.loadSession("my-store", "session-123")
      expect(session._tag === "Some" && session.value.userId).toBe("u1")
    }))
})
