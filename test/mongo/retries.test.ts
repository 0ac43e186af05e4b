/**
 * Network failures, made deterministic with a TCP proxy in front of the run's server:
 * an outage shorter than `connectTimeout` is ridden out, a longer one is a
 * `ConnectionError` within `connectTimeout`, and a reset connection is a transient,
 * retried failure (README: retries cover "dropped connections"; `ConnectionError` is
 * "the network failed").
 *
 * Not done with a killed and restarted server process: the first operation after a kill
 * then fails one way or another depending on whether the driver has noticed the drop yet
 * (see the reset tests below), which would make such a test flaky.
 */
import { describe, expect, it } from "@effect/vitest"
import type { Duration } from "effect"
import { Effect, Fiber, Layer, Stream } from "effect"
import type { ConnectionError, SessionStorage } from "../../src/index.js"
import { MongoDatabase, MongoSessionStorage } from "../../src/index.js"
import { sessionKey } from "../../src/internal/mongo/document.js"
import { useTestDatabase } from "../support/mongo.js"
import { buildStorage, failureOf, freshCollection } from "./helpers.js"
import { parseTarget, startProxy } from "./proxy.js"

const mongo = useTestDatabase(import.meta.url)

const sleep = (ms: number) => Effect.promise(() => new Promise((resolve) => setTimeout(resolve, ms)))

/** A proxy to the run's server for the current scope, and a storage connected through it. */
const throughProxy = (options: {
  readonly connectTimeout: Duration.DurationInput
  readonly retry?: MongoSessionStorage.MongoSessionStorageOptions["retry"]
}) =>
  Effect.gen(function*() {
    const proxy = yield* Effect.acquireRelease(
      Effect.promise(() => startProxy(mongo.uri)),
      (proxy) => Effect.promise(() => proxy.close())
    )
    const storage: SessionStorage.Service = yield* buildStorage(
      MongoSessionStorage.layer({ collectionName: freshCollection("net"), expiry: "none", retry: options.retry }).pipe(
        Layer.provide(
          MongoDatabase.layer({ url: proxy.uri, dbName: mongo.name, connectTimeout: options.connectTimeout })
        )
      )
    )
    yield* storage.storeSession("shop", { id: "s1", data: { n: 1 } })
    return { proxy, storage }
  })

describe.skipIf(parseTarget(mongo.uri) === undefined)("network failures", () => {
  it.live("the server goes away and is back within connectTimeout: an operation started meanwhile succeeds", () =>
    Effect.gen(function*() {
      const { proxy, storage } = yield* throughProxy({ connectTimeout: "3 seconds" })
      yield* Effect.promise(() => proxy.down())
      const started = Date.now()
      const load = yield* Effect.fork(storage.loadSession("shop", "s1"))
      yield* sleep(150)
      yield* Effect.promise(() => proxy.up())
      const session = yield* Fiber.join(load)
      expect(session._tag === "Some" && session.value.data).toEqual({ n: 1 })
      expect(Date.now() - started).toBeLessThan(3_000)
    }).pipe(Effect.scoped))

  it.live("the server stays away: ConnectionError within connectTimeout", () =>
    Effect.gen(function*() {
      const { proxy, storage } = yield* throughProxy({ connectTimeout: "1 second" })
      yield* Effect.promise(() => proxy.down())
      const started = Date.now()
      const error = (yield* failureOf(storage.loadSession("shop", "s1"))) as ConnectionError
      const elapsed = Date.now() - started
      expect(error._tag).toBe("ConnectionError")
      expect(error.operation).toBe("loadSession")
      expect(elapsed).toBeLessThan(2_000)
      yield* Effect.promise(() => proxy.up())
      expect((yield* storage.loadSession("shop", "s1"))._tag).toBe("Some")
    }).pipe(Effect.scoped))

  it.live("a connection reset by the peer is retried, and the operation succeeds", () =>
    Effect.gen(function*() {
      const { proxy, storage } = yield* throughProxy({ connectTimeout: "3 seconds" })
      proxy.reset()
      const session = yield* storage.loadSession("shop", "s1")
      expect(session._tag === "Some" && session.value.data).toEqual({ n: 1 })
    }).pipe(Effect.scoped))

  it.live("with retries off, a connection reset is a ConnectionError (the network failed)", () =>
    Effect.gen(function*() {
      const { proxy, storage } = yield* throughProxy({ connectTimeout: "3 seconds", retry: { times: 0 } })
      proxy.reset()
      const error = yield* failureOf(storage.loadSession("shop", "s1"))
      expect(error._tag).toBe("ConnectionError")
    }).pipe(Effect.scoped))
})

describe.skipIf(parseTarget(mongo.uri) === undefined)("a stream whose connection drops", () => {
  it.live("fails with ConnectionError instead of ending early as if complete", () =>
    Effect.gen(function*() {
      const proxy = yield* Effect.acquireRelease(
        Effect.promise(() => startProxy(mongo.uri)),
        (proxy) => Effect.promise(() => proxy.close())
      )
      const collectionName = freshCollection("stream_drop")
      const storage: SessionStorage.Service = yield* buildStorage(
        MongoSessionStorage.layer({ collectionName, expiry: "none" }).pipe(
          Layer.provide(MongoDatabase.layer({ url: proxy.uri, dbName: mongo.name, connectTimeout: "3 seconds" }))
        )
      )
      // More than one cursor batch (1,000), written directly: storing them one by one is slow on FerretDB.
      const createdAt = new Date()
      yield* Effect.promise(() =>
        mongo.db().collection(collectionName).insertMany(
          Array.from({ length: 1_500 }, (_, i) => {
            const id = `s${String(i).padStart(4, "0")}`
            return { _id: sessionKey("shop", id) as never, store: "shop", id, createdAt, updatedAt: createdAt }
          })
        )
      )
      let seen = 0
      const outcome = yield* storage.streamSessionsByStore("shop").pipe(
        Stream.tap(() => Effect.sync(() => ++seen === 1 && proxy.reset())),
        Stream.runCount,
        Effect.either
      )
      expect(seen).toBe(1_000)
      expect(outcome._tag === "Left" && outcome.left._tag).toBe("ConnectionError")
    }).pipe(Effect.scoped))
})
