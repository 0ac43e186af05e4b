/**
 * Hostile options: unknown keys (`$where`, `__proto__`, `constructor`, typos) and bad
 * values, given to the layers and to both facade constructors. Each is rejected with a
 * `ValidationError` naming the option, before any I/O (no collection appears), without
 * touching a prototype.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer } from "effect"
import { isDeepStrictEqual } from "node:util"
import { MongoDatabase, MongoDBSessionStorage, MongoSessionStorage, ValidationError } from "../../src/index.js"
import { useTestDatabase } from "../support/mongo.js"
import { MAX_MESSAGE_LENGTH } from "./support/hostileCheck.js"
import { prototypeSnapshot } from "./support/rawState.js"

const mongo = useTestDatabase(import.meta.url)

type Options = Record<string, unknown>
type Case = readonly [name: string, options: () => Options, path: ReadonlyArray<PropertyKey>]

const storageCases: ReadonlyArray<Case> = [
  ["unknown key $where", () => ({ $where: "sleep(1000)" }), ["$where"]],
  ["own __proto__ key", () => JSON.parse("{\"__proto__\": {\"collectionName\": \"system.js\"}}"), ["__proto__"]],
  ["constructor key", () => ({ constructor: { prototype: { polluted: 1 } } }), ["constructor"]],
  ["prototype key", () => ({ prototype: { polluted: 1 } }), ["prototype"]],
  ["a typo (collection)", () => ({ collection: "sessions" }), ["collection"]],
  ["collectionName: operator", () => ({ collectionName: { $ne: null } }), ["collectionName"]],
  ["collectionName: empty", () => ({ collectionName: "" }), ["collectionName"]],
  ["collectionName: system.*", () => ({ collectionName: "system.sessions" }), ["collectionName"]],
  ["collectionName: $", () => ({ collectionName: "a$b" }), ["collectionName"]],
  ["collectionName: NUL", () => ({ collectionName: "a\u0000b" }), ["collectionName"]],
  ["collectionName: 10,000 characters", () => ({ collectionName: "c".repeat(10_000) }), ["collectionName"]],
  ["collectionName: number", () => ({ collectionName: 42 }), ["collectionName"]],
  ["expiry: unknown mode", () => ({ expiry: "never" }), ["expiry"]],
  ["expiry: operator", () => ({ expiry: { $ne: null } }), ["expiry"]],
  ["sweepInterval: negative", () => ({ sweepInterval: -1 }), ["sweepInterval"]],
  ["sweepInterval: zero", () => ({ sweepInterval: 0 }), ["sweepInterval"]],
  ["sweepInterval: NaN", () => ({ sweepInterval: NaN }), ["sweepInterval"]],
  ["sweepInterval: text", () => ({ sweepInterval: "forever" }), ["sweepInterval"]],
  ["maxDataBytes: zero", () => ({ maxDataBytes: 0 }), ["maxDataBytes"]],
  ["maxDataBytes: fractional", () => ({ maxDataBytes: 1.5 }), ["maxDataBytes"]],
  ["maxDataBytes: NaN", () => ({ maxDataBytes: NaN }), ["maxDataBytes"]],
  ["maxDataBytes: huge", () => ({ maxDataBytes: 2 ** 40 }), ["maxDataBytes"]],
  ["maxDataBytes: text", () => ({ maxDataBytes: "1MB" }), ["maxDataBytes"]],
  ["retry: text", () => ({ retry: "3" }), ["retry"]],
  ["retry.times: negative", () => ({ retry: { times: -1 } }), ["retry", "times"]],
  ["retry.times: 11", () => ({ retry: { times: 11 } }), ["retry", "times"]],
  ["retry.delay: text", () => ({ retry: { delay: "soon" } }), ["retry", "delay"]],
  ["retry: unknown key", () => ({ retry: { $where: 1 } }), ["retry", "$where"]]
]

const connectionCases: ReadonlyArray<Case> = [
  ["unknown key $where", () => ({ $where: "1" }), ["$where"]],
  ["own __proto__ key", () => JSON.parse("{\"__proto__\": {\"dbName\": \"admin\"}}"), ["__proto__"]],
  ["url: operator", () => ({ url: { $ne: null } }), ["url"]],
  ["url: empty", () => ({ url: "" }), ["url"]],
  ["url: number", () => ({ url: 27017 }), ["url"]],
  ["dbName: operator", () => ({ dbName: { $ne: null } }), ["dbName"]],
  ["dbName: empty", () => ({ dbName: "" }), ["dbName"]],
  ["dbName: dot", () => ({ dbName: "a.b" }), ["dbName"]],
  ["dbName: slash", () => ({ dbName: "../admin" }), ["dbName"]],
  ["dbName: 64 characters", () => ({ dbName: "d".repeat(64) }), ["dbName"]],
  ["clientOptions: text", () => ({ clientOptions: "w=0" }), ["clientOptions"]],
  ["clientOptions: array", () => ({ clientOptions: [] }), ["clientOptions"]],
  ["connectTimeout: negative", () => ({ connectTimeout: -1 }), ["connectTimeout"]],
  ["connectTimeout: NaN", () => ({ connectTimeout: NaN }), ["connectTimeout"]],
  ["connectTimeout: text", () => ({ connectTimeout: "forever" }), ["connectTimeout"]]
]

const collectionNames = Effect.promise(() =>
  mongo.db().listCollections({}, { nameOnly: true }).toArray().then((all) => all.map((c) => c.name).sort())
)

/** Checks a rejection: a ValidationError at `options.<path>` with a short message. */
const expectRejected = (error: unknown, path: ReadonlyArray<PropertyKey>) => {
  expect(error).toBeInstanceOf(ValidationError)
  const { message, path: actual } = error as ValidationError
  expect(isDeepStrictEqual([...actual], ["options", ...path]), `path ${String(actual)}`).toBe(true)
  expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH)
}

const thrownBy = (construct: () => unknown): unknown => {
  try {
    construct()
  } catch (error) {
    return error
  }
  return "nothing was thrown"
}

const buildFailure = <ROut, E>(layer: Layer.Layer<ROut, E>) =>
  Effect.map(
    Effect.exit(Effect.scoped(Layer.build(layer))),
    (exit) => Exit.isFailure(exit) ? Cause.squash(exit.cause) : "the layer was built"
  )

/** Runs `check` and asserts that no collection appeared and no prototype changed. */
const leavesNoTrace = <A, E>(check: Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const collections = yield* collectionNames
    const prototypes = prototypeSnapshot()
    yield* check
    expect(yield* collectionNames).toEqual(collections)
    expect(prototypeSnapshot()).toBe(prototypes)
  })

describe("hostile storage options", () => {
  for (const [name, options, path] of storageCases) {
    it.live(`${name}: the layer, new MongoDBSessionStorage(db, options) and ({ url, dbName, ...options }) reject it`, () =>
      leavesNoTrace(Effect.gen(function*() {
        const layer = MongoSessionStorage.layer(options()).pipe(Layer.provide(MongoDatabase.fromDb(mongo.db())))
        expectRejected(yield* buildFailure(layer), path)
        expectRejected(thrownBy(() => new MongoDBSessionStorage(mongo.db(), options())), path)
        expectRejected(
          thrownBy(() => new MongoDBSessionStorage({ url: mongo.uri, dbName: mongo.name, ...options() })),
          path
        )
      })))
  }
})

describe("hostile connection options", () => {
  for (const [name, options, path] of connectionCases) {
    it.live(`${name}: MongoDatabase.layer and new MongoDBSessionStorage({ url, dbName, ... }) reject it`, () =>
      leavesNoTrace(Effect.gen(function*() {
        const valid = { url: mongo.uri, dbName: mongo.name }
        expectRejected(yield* buildFailure(MongoDatabase.layer({ ...valid, ...options() } as never)), path)
        expectRejected(thrownBy(() => new MongoDBSessionStorage({ ...valid, ...options() } as never)), path)
      })))
  }
})
