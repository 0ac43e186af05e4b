/**
 * An index of the user's that is in the way of ours: the layer fails with
 * `IndexConflictError`, says how to fix it, and never drops the user's index.
 *
 * What FerretDB 1.24 reports (checked by hand): an index with our name and other keys is
 * code 86 (IndexKeySpecsConflict); our keys under another name is code 85
 * (IndexOptionsConflict). An index with our name and keys but other options (`unique`) is
 * not reported at all: `createIndexes` succeeds and the user's index stays as it was.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import type { IndexConflictError } from "../../src/index.js"
import { MongoSessionStorage } from "../../src/index.js"
import { useTestDatabase } from "../support/mongo.js"
import { buildStorage, failureOf, freshCollection, listIndexes, serverKind, storageOver } from "./helpers.js"

const mongo = useTestDatabase(import.meta.url)
const { INDEX_NAMES } = MongoSessionStorage

const createIndex = (collection: string, keys: Record<string, 1>, options: { name: string; unique?: boolean }) =>
  Effect.promise(() => mongo.db().collection(collection).createIndex(keys, options))

const buildFails = (collection: string, expiry: MongoSessionStorage.ExpiryMode) =>
  failureOf(
    Effect.scoped(
      buildStorage(storageOver(mongo.db(), { collectionName: collection, expiry, sweepInterval: "1 hour" }))
    )
  ).pipe(Effect.map((error) => error as IndexConflictError))

describe("an index in the way of ours", () => {
  it.effect("our name with other keys: IndexConflictError naming it, and the user's index is kept", () =>
    Effect.gen(function*() {
      const collection = freshCollection("samename")
      yield* createIndex(collection, { tenant: 1 }, { name: INDEX_NAMES.byStore })

      const error = yield* buildFails(collection, "none")
      expect(error._tag).toBe("IndexConflictError")
      expect(error.index).toBe(INDEX_NAMES.byStore)
      expect(error.collection).toBe(collection)
      expect(error.fix).toMatch(/never drops/)
      expect(error.fix).toContain(`db.${collection}.dropIndex("${INDEX_NAMES.byStore}")`)
      expect(error.fix).toContain("collectionName")
      expect(error.message).toContain(INDEX_NAMES.byStore)
      expect(error.message).toContain(error.fix)

      expect(yield* listIndexes(mongo.db(), collection)).toContainEqual({
        name: INDEX_NAMES.byStore,
        key: [["tenant", 1]]
      })
    }))

  it.effect("our keys under another name: IndexConflictError, and the user's index is kept", () =>
    Effect.gen(function*() {
      const collection = freshCollection("samekeys")
      yield* createIndex(collection, { store: 1, createdAt: 1, id: 1 }, { name: "mine" })

      const error = yield* buildFails(collection, "none")
      expect(error._tag).toBe("IndexConflictError")
      expect(error.index).toBe(INDEX_NAMES.byStore)
      expect(error.reason).toContain("mine")
      expect(error.fix).toMatch(/never drops/)

      const indexes = yield* listIndexes(mongo.db(), collection)
      expect(indexes).toContainEqual({ name: "mine", key: [["store", 1], ["createdAt", 1], ["id", 1]] })
      expect(indexes.map((index) => index.name)).not.toContain(INDEX_NAMES.byStore)
    }))

  it.effect("a unique expiresAt index under another name (expiry \"sweep\"): IndexConflictError on expiresAt_1", () =>
    Effect.gen(function*() {
      const collection = freshCollection("expunique")
      yield* createIndex(collection, { expiresAt: 1 }, { name: "exp", unique: true })

      const error = yield* buildFails(collection, "sweep")
      expect(error._tag).toBe("IndexConflictError")
      expect(error.index).toBe(INDEX_NAMES.expiry)
      expect(error.reason).toContain("exp")
      expect(yield* listIndexes(mongo.db(), collection)).toContainEqual({
        name: "exp",
        key: [["expiresAt", 1]],
        unique: true
      })
    }))

  // Following `fix` must work: when the index in the way has another name, dropping the
  // name of ours (which does not exist) fails with "index not found".
  it.effect.each([
    { what: "listing keys under \"mine\"", existing: "mine", keys: { store: 1, createdAt: 1, id: 1 } as const },
    { what: "expiresAt keys under \"exp\"", existing: "exp", keys: { expiresAt: 1 } as const }
  ])("the fix names the index that is in the way ($what)", ({ existing, keys }) =>
    Effect.gen(function*() {
      const collection = freshCollection("fix")
      yield* createIndex(collection, keys, { name: existing })

      const error = yield* buildFails(collection, "sweep")
      expect(error._tag).toBe("IndexConflictError")
      expect(error.fix).toContain(`dropIndex("${existing}")`)
    }))

  it.effect("our name and keys with other options (unique): what the server does", () =>
    Effect.gen(function*() {
      const collection = freshCollection("options")
      yield* createIndex(collection, { expiresAt: 1 }, { name: INDEX_NAMES.expiry, unique: true })
      const server = yield* serverKind(mongo.db())
      const built = yield* Effect.either(Effect.scoped(
        buildStorage(storageOver(mongo.db(), { collectionName: collection, expiry: "sweep", sweepInterval: "1 hour" }))
      ))
      if (server.ferretdbVersion === undefined) {
        // MongoDB reports the conflict (code 85/86).
        expect(Either.isLeft(built) && (built.left as IndexConflictError)._tag).toBe("IndexConflictError")
      } else {
        // FerretDB 1.x says nothing: the layer builds over the user's unique index.
        expect(Either.isRight(built)).toBe(true)
      }
      expect(yield* listIndexes(mongo.db(), collection)).toContainEqual({
        name: INDEX_NAMES.expiry,
        key: [["expiresAt", 1]],
        unique: true
      })
    }))
})
