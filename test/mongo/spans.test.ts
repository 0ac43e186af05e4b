/**
 * Every operation runs in a span `SessionStorage.<operation>` with the database
 * attributes of the OpenTelemetry conventions, and no span holds session data, a
 * connection string or its password.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Layer, Stream } from "effect"
import { MongoClient } from "mongodb"
import { MongoDatabase, MongoSessionStorage } from "../../src/index.js"
import { useTestDatabase } from "../support/mongo.js"
import type { RecordedSpan } from "./helpers.js"
import { buildStorage, freshCollection, recordingTracer } from "./helpers.js"

const mongo = useTestDatabase(import.meta.url)
const PASSWORD = "s3cr3t-Pa55"
const TOKEN = "tok-7f3a9c-SESSION-SECRET"

/**
 * The run's server with a user and password when it accepts them (FerretDB 1.x accepts
 * any with PLAIN when authentication is off), else the run's URL as it is.
 */
const connectionString = Effect.promise(async () => {
  const [, hosts = "", path = "", query = ""] = /^mongodb:\/\/(?:[^@/]*@)?([^/?]*)\/?([^?]*)\??(.*)$/.exec(mongo.uri) ??
    []
  const options = [query, "authMechanism=PLAIN"].filter((option) => option !== "").join("&")
  const withPassword = `mongodb://alice:${PASSWORD}@${hosts}/${path}?${options}`
  const client = new MongoClient(withPassword, { serverSelectionTimeoutMS: 2_000 })
  try {
    await client.connect()
    await client.db(mongo.name).command({ ping: 1 })
    return { url: withPassword, hasPassword: true }
  } catch {
    return { url: mongo.uri, hasPassword: false }
  } finally {
    await client.close()
  }
})

const dbOperationNames = {
  storeSession: "findAndModify",
  loadSession: "find",
  deleteSession: "delete",
  deleteSessions: "delete",
  findSessionsByStore: "find",
  streamSessionsByStore: "find",
  ensureIndex: "createIndexes"
} as const

/** Every string a span carries: attribute values and event attributes. */
const spanTexts = (span: RecordedSpan): Array<string> => [
  span.name,
  ...[...span.attributes.values()].map((value) => typeof value === "string" ? value : JSON.stringify(value) ?? ""),
  ...span.events.map((event) => `${event.name} ${JSON.stringify(event.attributes ?? {})}`)
]

describe("spans", () => {
  it.live("each operation has its span, with the database attributes and nothing secret", () =>
    Effect.gen(function*() {
      const collection = freshCollection("spans")
      const { hasPassword, url } = yield* connectionString
      const { spans, tracer } = recordingTracer()

      yield* Effect.gen(function*() {
        const storage = yield* buildStorage(
          MongoSessionStorage.layer({ collectionName: collection, expiry: "sweep", sweepInterval: "1 hour" }).pipe(
            Layer.provide(MongoDatabase.layer({ url, dbName: mongo.name }))
          )
        )
        const session = { id: "span-session", userId: "span-user", data: { token: TOKEN, nested: { again: TOKEN } } }
        yield* storage.storeSession("span-store", session)
        yield* storage.loadSession("span-store", "span-session")
        yield* storage.findSessionsByStore("span-store", { userId: "span-user" })
        yield* Stream.runDrain(storage.streamSessionsByStore("span-store"))
        yield* storage.ensureIndex
        yield* storage.deleteSessions("span-store", ["span-session", "other"])
        yield* storage.storeSession("span-store", session)
        yield* storage.deleteSession("span-store", "span-session")
      }).pipe(Effect.scoped, Effect.withTracer(tracer))

      for (const [operation, dbOperation] of Object.entries(dbOperationNames)) {
        const span = spans.find((candidate) => candidate.name === `SessionStorage.${operation}`)
        expect(span, `span of ${operation}`).toBeDefined()
        expect(span?.kind).toBe("client")
        expect(Object.fromEntries(span?.attributes ?? [])).toMatchObject({
          "db.system.name": "mongodb",
          "db.namespace": mongo.name,
          "db.collection.name": collection,
          "db.operation.name": dbOperation
        })
        expect(span?.status._tag === "Ended" && Exit.isSuccess(span.status.exit)).toBe(true)
      }
      const connect = spans.find((span) => span.name === "MongoDatabase.connect")
      expect(Object.fromEntries(connect?.attributes ?? [])).toMatchObject({
        "db.system.name": "mongodb",
        "db.namespace": mongo.name
      })

      const texts = spans.flatMap(spanTexts)
      expect(texts.length).toBeGreaterThan(spans.length)
      for (const text of texts) {
        expect(text).not.toContain(TOKEN)
        expect(text).not.toContain("mongodb://")
        if (hasPassword) expect(text).not.toContain(PASSWORD)
      }
    }))

  it.live("a failed operation's span carries no session data either", () =>
    Effect.gen(function*() {
      const collection = freshCollection("failed")
      const { spans, tracer } = recordingTracer()
      yield* Effect.gen(function*() {
        const storage = yield* buildStorage(
          MongoSessionStorage.layer({ collectionName: collection, expiry: "none", maxDataBytes: 64 }).pipe(
            Layer.provide(MongoDatabase.fromDb(mongo.db()))
          )
        )
        const exit = yield* Effect.exit(
          storage.storeSession("span-store", { id: "big", data: { token: TOKEN.repeat(4) } })
        )
        expect(exit._tag).toBe("Failure")
      }).pipe(Effect.scoped, Effect.withTracer(tracer))

      const span = spans.find((candidate) => candidate.name === "SessionStorage.storeSession")
      expect(span?.status._tag === "Ended" && Exit.isFailure(span.status.exit)).toBe(true)
      for (const text of spans.flatMap(spanTexts)) expect(text).not.toContain(TOKEN)
    }))
})
