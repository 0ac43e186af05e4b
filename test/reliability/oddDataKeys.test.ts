/**
 * Keys that are dangerous elsewhere are valid `data`: `__proto__`, `constructor`,
 * `prototype`, names of `Object.prototype` methods, and `_bsontype` (which the BSON
 * serializer reads as a type tag). They must be stored as plain data and come back
 * exactly, through every API, without touching a prototype.
 */
import { describe, expect, it } from "@effect/vitest"
import type { Scope } from "effect"
import { Effect } from "effect"
import type { Document } from "mongodb"
import { isDeepStrictEqual } from "node:util"
import { InMemorySessionStorage, MongoDBSessionStorage } from "../../src/index.js"
import { buildStorage, storageOver } from "../mongo/helpers.js"
import { useTestDatabase } from "../support/mongo.js"
import type { Driver, Outcome } from "./support/drivers.js"
import { effectDriver, facadeDriver } from "./support/drivers.js"
import { prototypeSnapshot } from "./support/rawState.js"

const mongo = useTestDatabase(import.meta.url)

interface Api {
  readonly name: string
  /** The API over a fresh collection, and the raw document of a session when there is a server. */
  readonly make: (collection: string) => Effect.Effect<Driver, unknown, Scope.Scope>
  readonly raw?: (collection: string, id: string) => Effect.Effect<Document | null>
}

const rawDocument = (collection: string, id: string) =>
  Effect.promise(() => mongo.db().collection(collection).findOne({ id }))

const apis: ReadonlyArray<Api> = [
  {
    name: "Effect API over MongoDB",
    make: (collection) =>
      Effect.map(buildStorage(storageOver(mongo.db(), { collectionName: collection, expiry: "none" })), effectDriver),
    raw: rawDocument
  },
  {
    name: "facade over MongoDB",
    make: (collection) =>
      Effect.map(
        Effect.acquireRelease(
          Effect.sync(() => new MongoDBSessionStorage(mongo.db(), { collectionName: collection, expiry: "none" })),
          (facade) => Effect.promise(() => facade.disconnect())
        ),
        facadeDriver
      ),
    raw: rawDocument
  },
  { name: "Effect API in memory", make: () => Effect.map(InMemorySessionStorage.make(), effectDriver) }
]

/** Keys that name or reach a prototype, or shadow `Object.prototype`'s methods. */
const prototypeKeys = () =>
  JSON.parse(`{
    "__proto__": { "polluted": "yes", "isAdmin": true },
    "constructor": { "prototype": { "polluted": "yes" } },
    "prototype": { "polluted": "yes" },
    "nested": { "__proto__": { "polluted": "deep" }, "constructor": "a string" },
    "list": [{ "__proto__": { "polluted": "in an array" } }],
    "hasOwnProperty": "shadowed",
    "toString": "shadowed",
    "valueOf": 1,
    "toJSON": "not a function",
    "isPrototypeOf": null
  }`)

/** Keys the BSON serializer reads as a type tag, as JSON from a client could hold them. */
const bsonTypeKeys = () =>
  JSON.parse(`{
    "marker": { "_bsontype": "ObjectId", "id": "not an ObjectId" },
    "code": { "_bsontype": "Code", "code": "return 1" },
    "list": [{ "_bsontype": "Binary", "buffer": "x" }]
  }`)

const okValue = (outcome: Outcome, what: string): any => {
  if (outcome.kind !== "ok") {
    const detail = outcome.kind === "fail" ? outcome.error : outcome.defect
    throw new Error(`${what}: expected a success, got a ${outcome.kind}: ${String(detail)}`)
  }
  return outcome.value
}

/** Stores `data`, then checks the stored, loaded and listed copies against a fresh `expected()`. */
const roundTrip = (api: Api, collection: string, data: () => Record<string, unknown>) =>
  Effect.scoped(Effect.gen(function*() {
    const driver = yield* api.make(collection)
    const prototypes = prototypeSnapshot()
    const stored = okValue(yield* driver.call("storeSession", ["s", { id: "odd", data: data() }]), "storeSession")
    const loaded = okValue(yield* driver.call("loadSession", ["s", "odd"]), "loadSession")
    const listed = okValue(yield* driver.call("findSessionsByStore", ["s"]), "findSessionsByStore")
    const copies = [stored.data, (loaded.value ?? loaded).data, listed[0]?.data]
    for (const copy of copies) {
      // toEqual, not toStrictEqual: the latter compares `constructor`, an own key here.
      expect(copy).toEqual(data())
      expect(isDeepStrictEqual(copy, data())).toBe(true)
      expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    }
    expect(prototypeSnapshot()).toBe(prototypes)
    return { copies, raw: api.raw === undefined ? undefined : yield* api.raw(collection, "odd") }
  }))

let collections = 0

describe("odd keys in data are plain data", () => {
  for (const api of apis) {
    describe(api.name, () => {
      it.live("__proto__, constructor, prototype and Object.prototype's method names round-trip and pollute nothing", () =>
        Effect.gen(function*() {
          const { copies, raw } = yield* roundTrip(api, `odd_proto_${++collections}`, prototypeKeys)
          for (const copy of copies) {
            expect(Object.hasOwn(copy, "__proto__")).toBe(true)
            expect(copy.polluted).toBeUndefined()
            expect(Object.getPrototypeOf(copy.nested)).toBe(Object.prototype)
            expect(typeof copy.hasOwnProperty).toBe("string")
          }
          expect((({}) as Record<string, unknown>).polluted).toBeUndefined()
          expect((({}) as Record<string, unknown>).isAdmin).toBeUndefined()
          expect(Object.keys(Object.prototype)).toEqual([])
          if (raw !== undefined) {
            // Stored with its first character escaped (see src/internal/dataEncoding.ts).
            expect(raw?.["data"]["%5F_proto__"]).toEqual({ polluted: "yes", isAdmin: true })
          }
        }))

      it.live("__proto__, constructor, toString keys holding arrays of objects or arrays round-trip", () =>
        Effect.map(
          roundTrip(api, `odd_proto_array_${++collections}`, () =>
            JSON.parse(`{
              "__proto__": [{ "a": 1 }, [2]],
              "constructor": [{ "b": 2 }],
              "toString": [[3]],
              "nested": { "hasOwnProperty": [{ "c": [] }] }
            }`)),
          ({ copies }) => {
            for (const copy of copies) {
              expect(Object.getOwnPropertyDescriptor(copy, "__proto__")?.value).toEqual([{ a: 1 }, [2]])
              expect(copy.constructor).toEqual([{ b: 2 }])
            }
          }
        ))

      it.live("_bsontype keys (read as type tags by the BSON serializer) round-trip as plain data", () =>
        Effect.map(roundTrip(api, `odd_bson_${++collections}`, bsonTypeKeys), ({ copies }) => {
          for (const copy of copies) expect(copy.marker._bsontype).toBe("ObjectId")
        }))

      it.live("a _bsontype key at the top of data round-trips as plain data", () =>
        Effect.map(
          roundTrip(api, `odd_bson_${++collections}`, () => ({ _bsontype: "Code", code: "return 1" })),
          ({ copies }) => expect(copies.map((copy) => copy._bsontype)).toEqual(["Code", "Code", "Code"])
        ))
    })
  }
})
