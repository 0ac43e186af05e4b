/**
 * 10,000 concurrent stores of distinct sessions through two facades sharing one
 * database (each with a client of its own): no error, and afterwards every session is
 * there, through either facade, exactly as stored.
 *
 * On FerretDB 1.x the count is 1,000 unless `RELIABILITY_SESSIONS` says otherwise:
 * FerretDB only pushes a filter down to SQLite when it is exactly `{ _id }`, and every
 * point operation of the library filters on more (`store`, `id`, `expiresAt`), so each
 * store scans the whole collection, and 10,000 stores into one collection take about
 * half an hour there (bench/README.md explains the scans). The 10,000 then run on a
 * mongo-java-server of this file's own.
 */
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { inject } from "vitest"
import { MongoDBSessionStorage } from "../../src/index.js"
import type { Session } from "../../src/index.js"
import { type TestDatabase, useMongoJavaServer, useTestDatabase } from "../support/mongo.js"

const onFerretDb = /ferretdb/i.test(inject("mongoBackend"))
const FULL = 10_000
const STORES = 20
const collectionName = "many"

const storeOf = (i: number) => `shop-${i % STORES}`
const sessionOf = (i: number) => ({ id: `sess-${i}`, userId: `user-${i % 97}`, data: { i, cart: [i % 5, `sku-${i}`] } })

/**
 * Stores `sessions` sessions at once through two facades on `database`, then reads every
 * one back through both (listings), and loads every `loadEvery`-th through the facade that
 * did not write it.
 */
const manySessions = (label: string, database: TestDatabase, sessions: number, loadEvery: number) => {
  describe(`${label}: ${sessions} concurrent stores through two facades sharing one database`, () => {
    let facades: ReadonlyArray<MongoDBSessionStorage> = []
    beforeAll(() => {
      facades = [0, 1].map(() =>
        new MongoDBSessionStorage({ url: database.uri, dbName: database.name, collectionName })
      )
    })
    afterAll(async () => {
      await Promise.all(facades.map((facade) => facade.disconnect()))
    })
    const facade = (i: number): MongoDBSessionStorage => {
      const found = facades[i % 2]
      if (found === undefined) throw new Error("the facades are made in beforeAll")
      return found
    }

    it.live("every store resolves and every session is readable through either facade", () =>
      Effect.gen(function*() {
        const started = Date.now()
        const settled = yield* Effect.promise(() =>
          Promise.allSettled(
            Array.from({ length: sessions }, (_, i) => facade(i).storeSession(storeOf(i), sessionOf(i)))
          )
        )
        const storedMs = Date.now() - started
        const rejected = settled.flatMap((r) => (r.status === "rejected" ? [String(r.reason).slice(0, 300)] : []))
        console.log(
          `${label}: ${sessions} concurrent stores through two facades: ${storedMs} ms, ${rejected.length} rejected`
        )
        // Soft: whatever was acknowledged must still be readable, so that is checked either way.
        expect.soft(rejected).toEqual([])
        const acknowledged = settled.flatMap((r, i) => (r.status === "fulfilled" ? [i] : []))

        const listed = new Map<string, Session>()
        for (let s = 0; s < STORES; s++) {
          const [first, second] = yield* Effect.forEach([0, 1], (reader) =>
            Effect.promise(() => facade(reader).findSessionsByStore(`shop-${s}`)))
          expect(second).toEqual(first)
          for (const session of first ?? []) {
            listed.set(`${session.store}/${session.id}`, session)
          }
        }
        for (const i of acknowledged) {
          expect(listed.get(`${storeOf(i)}/sess-${i}`)).toMatchObject({ store: storeOf(i), ...sessionOf(i) })
        }
        const loaded = yield* Effect.forEach(
          acknowledged.filter((_, k) =>
            k % loadEvery === 0
          ),
          (i) =>
            Effect.map(
              Effect.promise(() => facade(i + 1).loadSession(storeOf(i), `sess-${i}`)),
              (s) => [i, s] as const
            ),
          { concurrency: 8 }
        )
        expect(loaded.filter(([i, session]) => session?.data?.["i"] !== i).map(([i]) => i)).toEqual([])
        expect(listed.size).toBe(acknowledged.length)
        console.log(
          `${label}: ${acknowledged.length} sessions listed through both facades, ${loaded.length} loaded, in ${
            Date.now() - started - storedMs
          } ms`
        )
      }), 300_000)
  })
}

// Point reads on FerretDB: every fifth, as each one scans the collection (the listings
// already read every session).
manySessions(
  "test server",
  useTestDatabase(import.meta.url),
  Number(process.env["RELIABILITY_SESSIONS"] ?? (onFerretDb ? 1_000 : FULL)),
  onFerretDb ? 5 : 1
)
// The stand-in server for FerretDB, the one whose writes are not atomic (and which scans).
if (!inject("mongoAtomicWrites")) {
  describe("on mongo-java-server", () => {
    manySessions("mongo-java-server", useMongoJavaServer(import.meta.url), FULL, 1)
  })
}
