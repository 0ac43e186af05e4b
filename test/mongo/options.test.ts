/**
 * Invalid options of the MongoDB layers fail the build with a `ValidationError` naming
 * the option, before any I/O: no connection attempt, no collection, no index.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import type { MongoSessionStorage, ValidationError } from "../../src/index.js"
import { MongoDatabase } from "../../src/index.js"
import { useTestDatabase } from "../support/mongo.js"
import { closedPort, collectionExists, failureOf, freshCollection, storageOver } from "./helpers.js"

const mongo = useTestDatabase(import.meta.url)

describe("invalid options", () => {
  it.live.each([
    { option: { dbName: "a/b" }, path: ["options", "dbName"] },
    { option: { dbName: "" }, path: ["options", "dbName"] },
    { option: { connectTimeout: -1 }, path: ["options", "connectTimeout"] },
    { option: { connectTimeout: "soon" }, path: ["options", "connectTimeout"] },
    { option: { url: 42 }, path: ["options", "url"] },
    { option: { clientOptions: "tls" }, path: ["options", "clientOptions"] },
    { option: { timeout: 5 }, path: ["options", "timeout"] }
  ])(
    "MongoDatabase.layer($option) fails at once with ValidationError at $path",
    ({ option, path }) =>
      Effect.gen(function*() {
        // A closed port: had the layer tried to connect, it would take a second and fail otherwise.
        const port = yield* closedPort()
        const options = {
          url: `mongodb://127.0.0.1:${port}/`,
          dbName: mongo.name,
          connectTimeout: "1 second",
          ...option
        }
        const started = Date.now()
        const error = (yield* failureOf(
          Effect.scoped(Layer.build(MongoDatabase.layer(options as unknown as MongoDatabase.MongoDatabaseOptions)))
        )) as ValidationError
        expect(error._tag).toBe("ValidationError")
        expect(error.operation).toBe("configure")
        expect(error.path).toEqual(path)
        expect(Date.now() - started).toBeLessThan(500)
      })
  )

  it.effect.each([
    { option: { collectionName: "$bad" }, path: ["options", "collectionName"] },
    { option: { collectionName: "system.sessions" }, path: ["options", "collectionName"] },
    { option: { expiry: "sometimes" }, path: ["options", "expiry"] },
    { option: { sweepInterval: 0 }, path: ["options", "sweepInterval"] },
    { option: { retry: { times: 99 } }, path: ["options", "retry", "times"] },
    { option: { retry: { delay: -5 } }, path: ["options", "retry", "delay"] },
    { option: { retry: { delay: Number.NaN } }, path: ["options", "retry", "delay"] },
    { option: { maxDataBytes: 0 }, path: ["options", "maxDataBytes"] },
    { option: { sweepInterva: "1 second" }, path: ["options", "sweepInterva"] }
  ])(
    "MongoSessionStorage.layer($option) fails with ValidationError at $path and creates nothing",
    ({ option, path }) =>
      Effect.gen(function*() {
        const collection = freshCollection("opts")
        const options = { collectionName: collection, ...option } as MongoSessionStorage.MongoSessionStorageOptions
        const error =
          (yield* failureOf(Effect.scoped(Layer.build(storageOver(mongo.db(), options))))) as ValidationError
        expect(error._tag).toBe("ValidationError")
        expect(error.operation).toBe("configure")
        expect(error.path).toEqual(path)
        expect(error.message).toContain(String(path.at(-1)))
        expect(yield* collectionExists(mongo.db(), collection)).toBe(false)
      })
  )
})
