/**
 * The contenders over one MongoDB collection: the raw driver, the Effect layer
 * (`MongoSessionStorage.layer` over `MongoDatabase.fromDb`) and the promise facade
 * (`new MongoDBSessionStorage(db, options)`), each on a `MongoClient` of its own with
 * command monitoring, all against the same server.
 */
import { Effect, Layer, ManagedRuntime, Option, Stream } from "effect"
import { MongoClient } from "mongodb"
import { MongoDatabase, MongoDBSessionStorage, MongoSessionStorage, SessionStorage } from "../src/index.js"
import { CommandCounter } from "./counter.js"
import type { StoredSession } from "./fixtures.js"
import type { Contender, ContenderName, OpArgs, OpName, OpResult } from "./operations.js"
import { promiseContender } from "./operations.js"
import { rawIdOnlyOperations, rawOperations } from "./raw.js"

/** The monitored clients of the contenders, and an unmonitored one for seeding. */
export interface Clients {
  readonly raw: MongoClient
  readonly layer: MongoClient
  readonly facade: MongoClient
  /** The raw driver's `_id`-only variant: a client of its own, so that its commands are counted apart. */
  readonly rawIdOnly: MongoClient
  /** Seeds, cleans up and drops; its commands are not counted. */
  readonly admin: MongoClient
}

/** Connects the five clients. */
export const connectClients = async (uri: string): Promise<Clients> => {
  const monitored = () => new MongoClient(uri, { monitorCommands: true }).connect()
  const [raw, layer, facade, rawIdOnly, admin] = await Promise.all([
    monitored(),
    monitored(),
    monitored(),
    monitored(),
    new MongoClient(uri).connect()
  ])
  return { raw, layer, facade, rawIdOnly, admin }
}

/** Closes the clients. */
export const closeClients = async (clients: Clients): Promise<void> => {
  await Promise.all(Object.values(clients).map((client) => client.close()))
}

/** The contenders of one collection, their command counters, and how to release them. */
export interface CollectionContenders {
  readonly raw: Contender
  readonly layer: Contender
  readonly facade: Contender
  /** The raw driver with an `_id`-only filter (load only; see raw.ts). */
  readonly rawIdOnly: Contender
  readonly counters: Readonly<Record<ContenderName, CommandCounter>>
  readonly close: () => Promise<void>
}

type EffectOps = { readonly [K in OpName]: (args: OpArgs[K]) => Effect.Effect<OpResult[K], unknown> }

/** The service's operations in the common shape. */
export const serviceOperations = (storage: SessionStorage.Service): EffectOps => ({
  load: ({ id, store }) => Effect.map(storage.loadSession(store, id), Option.isSome),
  store: ({ session, store }) =>
    Effect.map(storage.storeSession(store, session), (stored) => stored.store === store && stored.id === session.id),
  delete: ({ id, store }) => storage.deleteSession(store, id),
  deleteMany: ({ ids, store }) => storage.deleteSessions(store, ids),
  page: ({ limit, store }) => Effect.map(storage.findSessionsByStore(store, { limit }), (sessions) => sessions.length),
  readAll: ({ store }) => Stream.runCount(storage.streamSessionsByStore(store))
})

/** A contender that runs each call with `Effect.runPromise`, many at once with `Effect.forEach`. */
const effectContender = (name: ContenderName, ops: EffectOps): Contender => ({
  name,
  call: (op, args) => Effect.runPromise(ops[op](args)),
  callAll: (op, args) => Effect.runPromise(Effect.forEach(args, (a) => ops[op](a), { concurrency: "unbounded" }))
})

/** The facade's operations; it has no stream, so reading a whole store lists it without `limit`. */
export const facadeContender = (facade: MongoDBSessionStorage): Contender =>
  promiseContender("facade", {
    load: ({ id, store }) => facade.loadSession(store, id).then((session) => session !== null),
    store: ({ session, store }) =>
      facade.storeSession(store, session).then((stored) => stored.store === store && stored.id === session.id),
    delete: ({ id, store }) => facade.deleteSession(store, id),
    deleteMany: ({ ids, store }) => facade.deleteSessions(store, ids),
    page: ({ limit, store }) => facade.findSessionsByStore(store, { limit }).then((sessions) => sessions.length),
    readAll: ({ store }) => facade.findSessionsByStore(store).then((sessions) => sessions.length)
  })

/**
 * The storage options of the layer and the facade: the defaults, except that the
 * sweeper (FerretDB has no TTL index) runs once at start and then hourly, so that no
 * sweep of the whole collection lands in a measurement.
 */
export const storageOptions = (collectionName: string) => ({ collectionName, sweepInterval: "1 hour" }) as const

/**
 * Builds the contenders over `dbName.collectionName`. The layer is built and the facade
 * connected (indexes created) before this returns, so no measurement includes that.
 */
export const makeContenders = async (
  clients: Clients,
  counters: Readonly<Record<ContenderName, CommandCounter>>,
  dbName: string,
  collectionName: string
): Promise<CollectionContenders> => {
  const layer = MongoSessionStorage.layer(storageOptions(collectionName)).pipe(
    Layer.provide(MongoDatabase.fromDb(clients.layer.db(dbName)))
  )
  const runtime = ManagedRuntime.make(layer)
  const storage = await runtime.runPromise(SessionStorage.SessionStorage)
  const facade = new MongoDBSessionStorage(clients.facade.db(dbName), storageOptions(collectionName))
  try {
    await facade.ensureIndex()
  } catch (error) {
    await runtime.dispose()
    throw error
  }
  const rawCollection = (client: MongoClient) => client.db(dbName).collection<StoredSession>(collectionName)
  return {
    raw: promiseContender("raw", rawOperations(rawCollection(clients.raw))),
    layer: effectContender("layer", serviceOperations(storage)),
    facade: facadeContender(facade),
    rawIdOnly: promiseContender("raw _id-only", rawIdOnlyOperations(rawCollection(clients.rawIdOnly))),
    counters,
    close: async () => {
      await facade.disconnect()
      await runtime.dispose()
    }
  }
}

/** One counter per monitored client. */
export const makeCounters = (clients: Clients): Readonly<Record<ContenderName, CommandCounter>> => ({
  raw: new CommandCounter(clients.raw),
  layer: new CommandCounter(clients.layer),
  facade: new CommandCounter(clients.facade),
  "raw _id-only": new CommandCounter(clients.rawIdOnly)
})
