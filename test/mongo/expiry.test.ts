/**
 * How expired sessions leave the server in each expiry mode, on the server at hand.
 * FerretDB 1.x has no TTL indexes: `auto` falls back to the sweeper with a warning, and
 * `ttl-index` is refused. On MongoDB, `auto` picks the TTL index (decided by `buildInfo`).
 * These tests run on the real clock: the sweeper wakes every 200 ms.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Scope } from "effect"
import type { OperationError } from "../../src/index.js"
import { MongoSessionStorage } from "../../src/index.js"
import { useTestDatabase } from "../support/mongo.js"
import {
  buildStorage,
  captureLogs,
  countDocuments,
  eventually,
  failureOf,
  freshCollection,
  listIndexes,
  serverKind,
  storageOver
} from "./helpers.js"

const mongo = useTestDatabase(import.meta.url)
const { INDEX_NAMES } = MongoSessionStorage

/** A session document as the library writes it, inserted with the raw driver. */
const insertRaw = (collection: string, id: string, expiresAt: Date) =>
  Effect.promise(() => {
    const now = new Date()
    return mongo.db().collection<{ _id: string } & Record<string, unknown>>(collection).insertOne({
      _id: `4:shop:${id}`,
      store: "shop",
      id,
      expiresAt,
      createdAt: now,
      updatedAt: now
    })
  })

const past = () => new Date(Date.now() - 60_000)
const sleep = (ms: number) => Effect.promise(() => new Promise((resolve) => setTimeout(resolve, ms)))
const countId = (collection: string, id: string) => countDocuments(mongo.db(), collection, { id })

describe("expiry on this server", () => {
  it.live("\"auto\" without TTL support warns through Effect's logger and sweeps; with it, picks the TTL index", () =>
    Effect.gen(function*() {
      const collection = freshCollection("auto")
      const server = yield* serverKind(mongo.db())
      const logs = captureLogs()
      yield* insertRaw(collection, "expired", past())
      const storage = yield* buildStorage(
        storageOver(mongo.db(), { collectionName: collection, expiry: "auto", sweepInterval: "200 millis" })
      ).pipe(Effect.provide(logs.layer))
      yield* storage.storeSession("shop", { id: "live", expiresAt: new Date(Date.now() + 3_600_000) })
      const warnings = logs.lines.filter((line) => line.level === "WARN")
      const expiry = (yield* listIndexes(mongo.db(), collection)).find((index) => index.name === INDEX_NAMES.expiry)

      if (server.supportsTtl) {
        expect(warnings).toEqual([])
        expect(expiry).toMatchObject({ key: [["expiresAt", 1]], expireAfterSeconds: 0 })
      } else {
        expect(warnings).toHaveLength(1)
        expect(warnings[0]?.message).toMatch(/TTL index/)
        expect(warnings[0]?.message).toContain(collection)
        expect(warnings[0]?.message).toMatch(/sweeper/)
        expect(expiry).toEqual({ name: INDEX_NAMES.expiry, key: [["expiresAt", 1]] })
        expect(yield* eventually(Effect.map(countId(collection, "expired"), (n) => n === 0), 3_000)).toBe(true)
        expect(yield* countId(collection, "live")).toBe(1)
      }
    }).pipe(Effect.scoped))

  it.live("\"ttl-index\" fails the build where TTL indexes are unsupported, and says to use auto or sweep", () =>
    Effect.gen(function*() {
      const collection = freshCollection("ttl")
      const server = yield* serverKind(mongo.db())
      const build = Effect.scoped(
        buildStorage(storageOver(mongo.db(), { collectionName: collection, expiry: "ttl-index" }))
      )
      if (server.supportsTtl) {
        yield* build
        expect((yield* listIndexes(mongo.db(), collection)).find((index) => index.name === INDEX_NAMES.expiry))
          .toMatchObject({ expireAfterSeconds: 0 })
      } else {
        const error = (yield* failureOf(build)) as OperationError
        expect(error._tag).toBe("OperationError")
        expect(error.operation).toBe("ensureIndex")
        expect(error.message).toMatch(/does not support TTL indexes/)
        expect(error.message).toContain("expiry: \"auto\" or \"sweep\"")
        expect(error.code).toEqual(expect.any(Number))
      }
    }))

  it.live("\"sweep\" deletes expired sessions from the server and leaves live ones", () =>
    Effect.gen(function*() {
      const collection = freshCollection("sweep")
      const storage = yield* buildStorage(
        storageOver(mongo.db(), { collectionName: collection, expiry: "sweep", sweepInterval: "200 millis" })
      )
      yield* storage.storeSession("shop", { id: "short", expiresAt: new Date(Date.now() + 300) })
      yield* storage.storeSession("shop", { id: "later", expiresAt: new Date(Date.now() + 3_600_000) })
      yield* storage.storeSession("shop", { id: "forever" })
      yield* insertRaw(collection, "old", past())
      expect(yield* countId(collection, "short")).toBe(1)

      expect(
        yield* eventually(
          Effect.map(countDocuments(mongo.db(), collection, { id: { $in: ["short", "old"] } }), (n) => n === 0),
          3_000
        )
      ).toBe(true)
      expect(yield* countDocuments(mongo.db(), collection)).toBe(2)
      expect((yield* storage.loadSession("shop", "later"))._tag).toBe("Some")
      expect((yield* storage.loadSession("shop", "forever"))._tag).toBe("Some")
    }).pipe(Effect.scoped))

  it.live("the sweeper stops when the layer's scope closes", () =>
    Effect.gen(function*() {
      const collection = freshCollection("stop")
      const scope = yield* Scope.make()
      yield* insertRaw(collection, "before", past())
      yield* buildStorage(
        storageOver(mongo.db(), { collectionName: collection, expiry: "sweep", sweepInterval: "200 millis" })
      ).pipe(Scope.extend(scope))
      // The sweeper runs while the scope is open...
      expect(yield* eventually(Effect.map(countId(collection, "before"), (n) => n === 0), 3_000)).toBe(true)

      yield* Scope.close(scope, Exit.void)
      yield* insertRaw(collection, "after", past())
      // ...and not after: three intervals later the expired document is still there.
      yield* sleep(700)
      expect(yield* countId(collection, "after")).toBe(1)
    }))

  it.live("\"none\" never deletes anything; expired sessions are only hidden", () =>
    Effect.gen(function*() {
      const collection = freshCollection("none")
      yield* insertRaw(collection, "expired", past())
      const storage = yield* buildStorage(
        storageOver(mongo.db(), { collectionName: collection, expiry: "none", sweepInterval: "100 millis" })
      )
      yield* sleep(400)
      expect(yield* countId(collection, "expired")).toBe(1)
      expect((yield* storage.loadSession("shop", "expired"))._tag).toBe("None")
    }).pipe(Effect.scoped))
})
