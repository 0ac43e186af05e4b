/**
 * `MongoDatabase`: a client the library connects and closes, a `Db` the application owns,
 * options from Effect `Config`, and an unreachable server.
 */
import { describe, expect, it } from "@effect/vitest"
import { ConfigError, ConfigProvider, Context, Effect, Exit, Layer, Scope } from "effect"
import type { ConnectionError } from "../../src/index.js"
import { MongoDatabase, MongoSessionStorage, SessionStorage } from "../../src/index.js"
import { useTestDatabase } from "../support/mongo.js"
import { buildStorage, closedPort, failureOf, freshCollection, storageOver } from "./helpers.js"

const mongo = useTestDatabase(import.meta.url)

const rawFind = (collection: string, id: string) =>
  Effect.promise(() => mongo.db().collection(collection).findOne({ id }))

describe("MongoDatabase", () => {
  it.live("layer({ url, dbName }) connects, and closes its client when the scope closes", () =>
    Effect.gen(function*() {
      const collection = freshCollection("owned")
      const scope = yield* Scope.make()
      const context = yield* Layer.buildWithScope(
        MongoSessionStorage.layer({ collectionName: collection, expiry: "none" }).pipe(
          Layer.provideMerge(MongoDatabase.layer({ url: mongo.uri, dbName: mongo.name }))
        ),
        scope
      )
      const { db } = Context.get(context, MongoDatabase.MongoDatabase)
      expect(db.databaseName).toBe(mongo.name)
      expect(yield* Effect.promise(() => db.command({ ping: 1 }))).toMatchObject({ ok: 1 })

      const storage = Context.get(context, SessionStorage.SessionStorage)
      yield* storage.storeSession("shop", { id: "s1" })
      expect(yield* rawFind(collection, "s1")).toMatchObject({ store: "shop", id: "s1" })

      yield* Scope.close(scope, Exit.void)
      const after = yield* Effect.either(Effect.tryPromise(() => db.command({ ping: 1 })))
      expect(after._tag).toBe("Left")
    }))

  it.live("fromDb(db) never closes the application's client", () =>
    Effect.gen(function*() {
      const collection = freshCollection("borrowed")
      yield* Effect.scoped(Effect.gen(function*() {
        const storage = yield* buildStorage(storageOver(mongo.db(), { collectionName: collection, expiry: "sweep" }))
        yield* storage.storeSession("shop", { id: "s1" })
      }))
      expect(yield* Effect.promise(() => mongo.db().command({ ping: 1 }))).toMatchObject({ ok: 1 })
      expect(yield* rawFind(collection, "s1")).toMatchObject({ store: "shop", id: "s1" })
    }))

  it.live("an unreachable server fails the build with ConnectionError within connectTimeout", () =>
    Effect.gen(function*() {
      const port = yield* closedPort()
      const started = Date.now()
      const error = (yield* failureOf(Effect.scoped(Layer.build(
        MongoDatabase.layer({ url: `mongodb://127.0.0.1:${port}/`, dbName: mongo.name, connectTimeout: "1 second" })
      )))) as ConnectionError
      const elapsed = Date.now() - started
      expect(error._tag).toBe("ConnectionError")
      expect(error.operation).toBe("connect")
      expect(error.message).toMatch(/cannot reach MongoDB/)
      expect(elapsed).toBeLessThan(2_000)
    }))

  it.live("layerConfig() reads MONGODB_URI and MONGODB_DB_NAME and connects", () =>
    Effect.gen(function*() {
      const collection = freshCollection("config")
      const config = Layer.setConfigProvider(
        ConfigProvider.fromMap(new Map([["MONGODB_URI", mongo.uri], ["MONGODB_DB_NAME", mongo.name]]))
      )
      const storage = yield* buildStorage(
        MongoSessionStorage.layer({ collectionName: collection, expiry: "none" }).pipe(
          Layer.provide(MongoDatabase.layerConfig()),
          Layer.provide(config)
        )
      )
      yield* storage.storeSession("shop", { id: "from-config" })
      expect(yield* rawFind(collection, "from-config")).toMatchObject({ store: "shop", id: "from-config" })
    }).pipe(Effect.scoped))

  it.live("layerConfig() without MONGODB_DB_NAME fails with a ConfigError naming it", () =>
    Effect.gen(function*() {
      const config = Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["MONGODB_URI", mongo.uri]])))
      const error = yield* failureOf(
        Effect.scoped(Layer.build(MongoDatabase.layerConfig().pipe(Layer.provide(config))))
      )
      expect(ConfigError.isConfigError(error)).toBe(true)
      expect(error).toMatchObject({ _op: "MissingData", path: ["MONGODB_DB_NAME"] })
    }))
})
