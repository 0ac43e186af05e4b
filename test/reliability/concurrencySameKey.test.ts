/**
 * 1,000 concurrent `storeSession` calls of one `(store, id)`: one document, no error,
 * and the document left is one whole write. Last write wins by `updatedAt`: the
 * document left carries the greatest `updatedAt` of the resolved writes, and the data of
 * a write with that `updatedAt` (writes within the same millisecond tie; any of them
 * may be the one left).
 *
 * FerretDB 1.x runs findAndModify as a read, then a write by `_id` (not atomic: its
 * handler/msg_findandmodify.go, "TODO #2168"), so no server-side condition can order
 * racing writes there. When the run's server is FerretDB, the racing last-write-wins test
 * runs on a mongo-java-server of this file's own, whose writes to a collection are
 * serialized as MongoDB's conditional updates are atomic; the other tests run on both.
 */
import { describe, expect, it } from "@effect/vitest"
import type { Scope } from "effect"
import { Context, Deferred, Effect, Either, Fiber, Layer, Option, TestClock } from "effect"
import { inject } from "vitest"
import {
  InMemorySessionStorage,
  MongoDatabase,
  MongoSessionStorage,
  type Session,
  SessionStorage
} from "../../src/index.js"
import { buildStorage, freshCollection, storageOver } from "../mongo/helpers.js"
import { type TestDatabase, useMongoJavaServer, useTestDatabase } from "../support/mongo.js"
import { delayedDb, makeGate } from "./support/delayedDb.js"

const mongo = useTestDatabase(import.meta.url)
const runServerIsAtomic = inject("mongoAtomicWrites")
const WRITES = 1_000
const DAY = 24 * 60 * 60 * 1000

interface Target {
  readonly name: string
  /** Whether racing writes reach the store one at a time, so that the latest `updatedAt` can win. */
  readonly ordersRacingWrites: boolean
  readonly make: Effect.Effect<
    { storage: SessionStorage.Service; count: Effect.Effect<number, unknown> },
    unknown,
    Scope.Scope
  >
}

const mongoTarget = (name: string, database: TestDatabase, ordersRacingWrites: boolean): Target => ({
  name,
  ordersRacingWrites,
  make: Effect.gen(function*() {
    const collectionName = freshCollection("same_key")
    const storage = yield* buildStorage(storageOver(database.db(), { collectionName, expiry: "none" }))
    const count = Effect.promise(() => database.db().collection(collectionName).countDocuments({ store: "s", id: "k" }))
    return { storage, count }
  })
})

const memoryTarget: Target = {
  name: "in-memory layer",
  ordersRacingWrites: true,
  make: Effect.map(InMemorySessionStorage.make(), (storage) => ({
    storage,
    count: Effect.map(storage.findSessionsByStore("s"), (all) => all.length)
  }))
}

/** Stores write `i` 1,000 times at once; succeeds with the resolved sessions and the one left. */
const storm = (target: Target) =>
  Effect.gen(function*() {
    const { count, storage } = yield* target.make
    const now = Date.now()
    const results = yield* Effect.forEach(
      Array.from({ length: WRITES }, (_, i) => i),
      (i) =>
        Effect.either(storage.storeSession("s", {
          id: "k",
          userId: `user-${i % 7}`,
          data: { i, list: [i, `${i}`] },
          expiresAt: new Date(now + DAY + i)
        })),
      { concurrency: "unbounded" }
    )
    const left = yield* storage.loadSession("s", "k")
    return { results, left: Option.getOrThrow(left), documents: yield* count }
  }).pipe(Effect.scoped)

const resolved = (results: ReadonlyArray<Either.Either<Session, unknown>>) =>
  results.filter(Either.isRight).map((r) => r.right)

/** Registers the racing-writes tests of `target`. */
const racingTests = (target: Target) => {
  it.live(
    `${target.name}: one document, zero errors, one whole write left, createdAt shared`,
    () =>
      Effect.gen(function*() {
        const { documents, left, results } = yield* storm(target)
        expect(results.filter((r) => r._tag === "Left")).toEqual([])
        expect(documents).toBe(1)
        const sessions = resolved(results)
        const writer = sessions.find((s) => s.data?.["i"] === left.data?.["i"])
        expect(left).toStrictEqual(writer)
        expect(new Set(sessions.map((s) => s.createdAt.getTime()))).toEqual(new Set([left.createdAt.getTime()]))
      }),
    60_000
  )

  // Not registered for FerretDB (see the top of the file); the one-at-a-time late write
  // below runs on every server.
  if (!target.ordersRacingWrites) return
  it.live(
    `${target.name}: last write wins by updatedAt`,
    () =>
      Effect.gen(function*() {
        const { left, results } = yield* storm(target)
        const sessions = resolved(results)
        const latest = Math.max(...sessions.map((s) => s.updatedAt.getTime()))
        const tied = sessions.filter((s) => s.updatedAt.getTime() === latest)
        console.log(
          `${target.name}: left write ${left.data?.["i"]} of updatedAt max-${
            latest - left.updatedAt.getTime()
          } ms; ${tied.length} writes tie at the max, spread over ${
            latest - Math.min(...sessions.map((s) => s.updatedAt.getTime()))
          } ms`
        )
        expect(left.updatedAt.getTime()).toBe(latest)
        expect(tied.map((s) => s.data?.["i"])).toContain(left.data?.["i"])
      }),
    60_000
  )
}

describe("1,000 concurrent stores of one (store, id)", () => {
  racingTests(mongoTarget("MongoDB layer", mongo, runServerIsAtomic))
  racingTests(memoryTarget)
  if (!runServerIsAtomic) {
    describe("on mongo-java-server", () => {
      racingTests(mongoTarget("MongoDB layer", useMongoJavaServer(import.meta.url), true))
    })
  }

  it.effect("MongoDB layer: a write that reaches the server late does not replace a newer one", () =>
    Effect.gen(function*() {
      const gate = yield* makeGate
      const collectionName = freshCollection("same_key")
      const context = yield* Layer.build(
        MongoSessionStorage.layer({ collectionName, expiry: "none" }).pipe(
          Layer.provide(Layer.sync(MongoDatabase.MongoDatabase, () => ({ db: delayedDb(mongo.db(), gate) })))
        )
      )
      const storage = Context.get(context, SessionStorage.SessionStorage)
      yield* TestClock.setTime(Date.now())
      const older = yield* Effect.fork(storage.storeSession("s", { id: "k", data: { hold: true, write: "older" } }))
      yield* Deferred.await(gate.held)
      yield* TestClock.adjust("1 millis")
      const newer = yield* storage.storeSession("s", { id: "k", data: { write: "newer" } })
      yield* Deferred.succeed(gate.release, undefined)
      const first = yield* Fiber.join(older)
      expect(first.updatedAt.getTime()).toBeLessThan(newer.updatedAt.getTime())
      const left = Option.getOrThrow(yield* storage.loadSession("s", "k"))
      expect(left.data).toEqual({ write: "newer" })
      expect(left.updatedAt).toEqual(newer.updatedAt)
    }).pipe(Effect.scoped))
})
