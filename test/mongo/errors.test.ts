/**
 * What a refusal by the server looks like to the user: an `OperationError` carrying the
 * server's code and reason.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import type { OperationError } from "../../src/index.js"
import { useTestDatabase } from "../support/mongo.js"
import { buildStorage, countDocuments, failureOf, freshCollection, storageOver } from "./helpers.js"

const mongo = useTestDatabase(import.meta.url)

describe("server refusals", () => {
  it.scoped("a unique index of the application's refuses a session: OperationError with the duplicate-key reason", () =>
    Effect.gen(function*() {
      const collection = freshCollection("unique")
      // An application rule: one session per user.
      yield* Effect.promise(() =>
        mongo.db().collection(collection).createIndex({ userId: 1 }, { unique: true, name: "one_session_per_user" })
      )
      const storage = yield* buildStorage(storageOver(mongo.db(), { collectionName: collection, expiry: "none" }))
      yield* storage.storeSession("shop", { id: "first", userId: "u1" })

      const error = (yield* failureOf(storage.storeSession("shop", { id: "second", userId: "u1" }))) as OperationError
      expect(error._tag).toBe("OperationError")
      expect(error.operation).toBe("storeSession")
      expect(error.code).toBe(11000)
      // The server's reason, not one made up by the library.
      expect(error.reason).toMatch(/duplicate key/i)
      expect(error.reason).not.toMatch(/lost a race/)

      expect(yield* countDocuments(mongo.db(), collection)).toBe(1)
      expect((yield* storage.loadSession("shop", "second"))._tag).toBe("None")
      expect((yield* storage.loadSession("shop", "first"))._tag).toBe("Some")
    }))
})
