/**
 * The write concern in effect. The library sets none: its writes carry no
 * `writeConcern`, so the server's default applies (w: 1 on a standalone server, such
 * as FerretDB or a single mongod; "majority" on a replica set since MongoDB 5.0). One
 * set on the client (`clientOptions.writeConcern`, or on the application's `Db`) is what
 * its writes carry. The server-kill test shows what that means for durability.
 */
import { describe, expect, it } from "@effect/vitest"
import type { Scope } from "effect"
import { Effect } from "effect"
import type { CommandStartedEvent, MongoClientOptions } from "mongodb"
import { MongoClient } from "mongodb"
import { buildStorage, storageOver } from "../mongo/helpers.js"
import { useTestDatabase } from "../support/mongo.js"

const mongo = useTestDatabase(import.meta.url)
const writes = new Set(["insert", "update", "delete", "findAndModify"])

/** A client of the run's server that records every write command it sends. */
const monitoredClient = (
  options: MongoClientOptions
): Effect.Effect<{ client: MongoClient; sent: Array<CommandStartedEvent> }, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(async () => {
      const client = new MongoClient(mongo.uri, { ...options, monitorCommands: true })
      const sent: Array<CommandStartedEvent> = []
      client.on("commandStarted", (event) => {
        if (writes.has(event.commandName)) sent.push(event)
      })
      await client.connect()
      return { client, sent }
    }),
    ({ client }) => Effect.promise(() => client.close())
  )

/** Stores, replaces and deletes through the library over `client`; succeeds with the write commands sent. */
const writeThroughLibrary = (options: MongoClientOptions, collectionName: string) =>
  Effect.gen(function*() {
    const { client, sent } = yield* monitoredClient(options)
    const storage = yield* buildStorage(storageOver(client.db(mongo.name), { collectionName, expiry: "none" }))
    yield* storage.storeSession("s", { id: "a", data: { v: 1 } })
    yield* storage.storeSession("s", { id: "a", data: { v: 2 } })
    yield* storage.deleteSession("s", "a")
    yield* storage.storeSession("s", { id: "b" })
    yield* storage.deleteSessions("s", ["b", "c"])
    expect(new Set(sent.map((event) => event.commandName))).toEqual(new Set(["findAndModify", "delete"]))
    return sent
  }).pipe(Effect.scoped)

describe("write concern", () => {
  it.live("the library sets none: its writes carry no writeConcern, so the server's default applies", () =>
    Effect.gen(function*() {
      const sent = yield* writeThroughLibrary({}, "wc_default")
      expect(sent.map((event) => event.command["writeConcern"])).toEqual(sent.map(() => undefined))
    }))

  it.live("a writeConcern set on the client is what every write of the library carries", () =>
    Effect.gen(function*() {
      const sent = yield* writeThroughLibrary({ writeConcern: { w: 1, journal: true } }, "wc_journaled")
      expect(sent.length).toBeGreaterThan(0)
      for (const event of sent) expect(event.command["writeConcern"]).toEqual({ w: 1, j: true })
    }))
})
