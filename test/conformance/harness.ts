/**
 * What every behaviour test of the conformance suite shares: the storage under test,
 * a fixed starting time on the `TestClock`, and small helpers to look at the storage.
 */
import { it } from "@effect/vitest"
import { Effect, Layer, Option, TestClock } from "effect"
import type { Db } from "mongodb"
import { MongoDatabase, MongoSessionStorage, SessionStorage } from "../../src/index.js"
import type { FindSessionsOptions, Session } from "../../src/index.js"

/** A storage implementation under test: each build of `layer` is a fresh, empty storage. */
export interface ConformanceTarget {
  readonly name: string
  readonly layer: Layer.Layer<SessionStorage.SessionStorage, unknown>
  /** The stream is the listing under another name (the facade has no stream: see facadeAdapter.ts). */
  readonly streamIsListing?: boolean
}

let collections = 0

/**
 * The MongoDB layer as a conformance target: every build, a new collection (so an empty
 * storage) of `db`, with the default expiry mode. The sweep interval is long because
 * tests move the `TestClock` by up to a century, and every simulated interval would wake
 * the sweeper.
 */
export const freshMongoStorage = (db: () => Db): Layer.Layer<SessionStorage.SessionStorage, unknown> =>
  Layer.unwrapEffect(
    Effect.sync(() =>
      MongoSessionStorage.layer({ collectionName: `sessions_${++collections}`, sweepInterval: "1000 days" }).pipe(
        Layer.provide(MongoDatabase.fromDb(db()))
      )
    )
  )

/**
 * The time every test starts at. It is the real time at start-up (rounded), so that a
 * real server's TTL monitor never sees a test's live session as expired.
 */
export const START = Math.floor(Date.now() / 1000) * 1000

export const HOUR = 60 * 60 * 1000

/** Registers a test that runs `body` against a fresh storage, with the clock at START. */
export const storageTest = (target: ConformanceTarget) =>
<A, E>(
  name: string,
  body: (storage: SessionStorage.Service) => Effect.Effect<A, E, never>,
  timeout?: number
) =>
  it.effect(
    name,
    () =>
      Effect.zipRight(
        // The clock is set before the storage is built: its sweeper, if any, starts at START.
        TestClock.setTime(START),
        Effect.flatMap(SessionStorage.SessionStorage, body).pipe(Effect.provide(target.layer))
      ),
    timeout
  )

/** Loads a session, failing the test's effect with a readable defect when it is missing. */
export const loadOrDie = (storage: SessionStorage.Service, store: string, id: string) =>
  Effect.flatMap(
    storage.loadSession(store, id),
    Option.match({ onNone: () => Effect.dieMessage(`session ${store}/${id} not found`), onSome: Effect.succeed })
  )

/** Every live session of the given stores, as `findSessionsByStore` lists them. */
export const snapshot = (storage: SessionStorage.Service, stores: ReadonlyArray<string>) =>
  Effect.forEach(
    stores,
    (store) => Effect.map(storage.findSessionsByStore(store), (sessions) => [store, sessions] as const)
  )

/** Ids of a listing, in order. */
export const ids = (sessions: ReadonlyArray<Session>): Array<string> => sessions.map((session) => session.id)

/** Pages through a store with `limit`, collecting every page. */
export const pageThrough = (
  storage: SessionStorage.Service,
  store: string,
  limit: number,
  options: Omit<FindSessionsOptions, "limit" | "offset"> = {}
) =>
  Effect.gen(function*() {
    const pages: Array<Array<Session>> = []
    for (let offset = 0;; offset += limit) {
      const page = yield* storage.findSessionsByStore(store, { ...options, limit, offset })
      if (page.length === 0) return pages
      pages.push(page)
    }
  })
