/**
 * A service captured from a layer whose scope has closed fails every operation with
 * `StorageClosedError`, and writes nothing, whether the client is the library's or the
 * application's.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import type { SessionStorage, StorageClosedError } from "../../src/index.js"
import { MongoDatabase, MongoSessionStorage } from "../../src/index.js"
import { closedStorage, everyOperation } from "../conformance/closing.js"
import { useTestDatabase } from "../support/mongo.js"
import { countDocuments, failureOf, freshCollection, storageOver } from "./helpers.js"

const mongo = useTestDatabase(import.meta.url)

const expectClosed = (collection: string, storage: SessionStorage.Service) =>
  Effect.gen(function*() {
    for (const [operation, effect] of Object.entries(everyOperation(storage))) {
      const error = (yield* failureOf(effect as Effect.Effect<unknown, unknown>)) as StorageClosedError
      expect({ operation, tag: error._tag }).toEqual({ operation, tag: "StorageClosedError" })
      expect(error.operation).toBe(operation)
      expect(error.message).toMatch(/closed/)
    }
    // Nothing was written or deleted after the close.
    expect(yield* countDocuments(mongo.db(), collection, { id: "after-close" })).toBe(0)
    expect(yield* countDocuments(mongo.db(), collection, { id: "before-close" })).toBe(1)
  })

describe("after the layer's scope closes", () => {
  it.live("over fromDb (the client stays open): every operation fails with StorageClosedError", () =>
    Effect.gen(function*() {
      const collection = freshCollection("borrowed")
      const { storage } = yield* closedStorage(
        storageOver(mongo.db(), { collectionName: collection, expiry: "sweep", sweepInterval: "1 hour" })
      )
      yield* expectClosed(collection, storage)
    }))

  it.live("over MongoDatabase.layer (the client is closed too): every operation fails with StorageClosedError", () =>
    Effect.gen(function*() {
      const collection = freshCollection("owned")
      const { storage } = yield* closedStorage(
        MongoSessionStorage.layer({ collectionName: collection, expiry: "none" }).pipe(
          Layer.provide(MongoDatabase.layer({ url: mongo.uri, dbName: mongo.name }))
        )
      )
      yield* expectClosed(collection, storage)
    }))
})
