/**
 * Hostile and bad input, driven through every method of the Effect API (the MongoDB
 * layer) and of the promise facade, against the test server. Every row must be
 * rejected with a `ValidationError` naming the failing path, before any I/O: the
 * collection stays byte-for-byte the same, no session of another store comes back,
 * and `Object.prototype` is untouched.
 */
import { afterAll, beforeAll, describe, expect, it, layer } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { MongoDatabase, MongoDBSessionStorage, MongoSessionStorage, SessionStorage } from "../../src/index.js"
import { useTestDatabase } from "../support/mongo.js"
import type { Driver } from "./support/drivers.js"
import { effectDriver, facadeDriver } from "./support/drivers.js"
import { findOptionGroup, idsGroup } from "./support/hostileArguments.js"
import type { Target } from "./support/hostileCheck.js"
import { checkRow } from "./support/hostileCheck.js"
import { dataGroup, sessionGroup } from "./support/hostileData.js"
import { keyGroup } from "./support/hostileKeys.js"
import type { Group } from "./support/hostileTable.js"
import { STORE, VICTIM_MARKER, VICTIM_STORE } from "./support/hostileTable.js"

const mongo = useTestDatabase(import.meta.url)
const groups: ReadonlyArray<Group> = [keyGroup, dataGroup, sessionGroup, findOptionGroup, idsGroup]
const DAY = 24 * 60 * 60 * 1000

/** What every collection holds before the hostile calls: two sessions of the store, two of the victim. */
const seeds: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  [STORE, {
    id: "a",
    userId: "u",
    data: { keep: [1, "two", { at: new Date(0) }] },
    expiresAt: new Date(Date.now() + DAY)
  }],
  [STORE, { id: "b" }],
  [VICTIM_STORE, { id: "a", userId: "u", data: { secret: VICTIM_MARKER } }],
  [VICTIM_STORE, { id: "v", userId: "u", data: { secret: VICTIM_MARKER } }]
]

const seed = (driver: Driver) =>
  Effect.forEach(
    seeds,
    (args) =>
      Effect.flatMap(driver.call("storeSession", args), (outcome) =>
        outcome.kind === "ok" ? Effect.void : Effect.dieMessage(`seeding failed: ${String(outcome.kind)}`))
  )

/** One test per row of the table; `target` is only read inside the tests. */
const table = <R>(
  run: (name: string, body: () => Effect.Effect<void, never, R>) => void,
  target: () => Effect.Effect<Target, never, R>
) => {
  for (const group of groups) {
    describe(`hostile ${group.name}`, () => {
      for (const row of group.rows) {
        run(row.name, () =>
          Effect.gen(function*() {
            const problems = yield* checkRow(yield* target(), group, row)
            expect(problems).toEqual([])
          }))
      }
    })
  }
}

it("the table holds at least 40 hostile inputs", () => {
  const rows = groups.reduce((n, group) => n + group.rows.length, 0)
  expect(rows).toBeGreaterThanOrEqual(40)
})

const effectCollection = "hostile_effect"
const storage = MongoSessionStorage.layer({ collectionName: effectCollection, expiry: "none" }).pipe(
  Layer.provide(Layer.unwrapEffect(Effect.sync(() => MongoDatabase.fromDb(mongo.db())))),
  Layer.tap((context) => seed(effectDriver(Context.get(context, SessionStorage.SessionStorage))))
)

layer(storage, { excludeTestServices: true, timeout: "60 seconds" })("Effect API (MongoSessionStorage.layer)", (it) => {
  table(
    (name, body) => it.effect(name, body),
    () =>
      Effect.map(SessionStorage.SessionStorage, (service) => ({
        driver: effectDriver(service),
        db: mongo.db,
        collection: effectCollection
      }))
  )
})

describe("facade (new MongoDBSessionStorage(db, { collectionName }))", () => {
  const collection = "hostile_facade"
  let facade: MongoDBSessionStorage | undefined
  beforeAll(async () => {
    facade = new MongoDBSessionStorage(mongo.db(), { collectionName: collection, expiry: "none" })
    await Effect.runPromise(seed(facadeDriver(facade)))
  })
  afterAll(async () => {
    await facade?.disconnect()
  })
  table(
    (name, body) => it.live(name, body),
    () =>
      Effect.sync(() => {
        if (facade === undefined) throw new Error("the facade is built in beforeAll")
        return { driver: facadeDriver(facade), db: mongo.db, collection }
      })
  )
})
