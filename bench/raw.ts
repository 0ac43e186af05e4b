/**
 * The baseline: the raw `mongodb` driver issuing the very commands the layer issues,
 * copied from src/internal/mongo/operations.ts (same filter, same update document, same
 * options, same `_id` encoding). `data` with plain keys is stored as it is by the layer,
 * so the raw driver writes the data itself. The equivalence check (equivalence.ts)
 * compares the commands of both on the wire before anything is measured.
 */
import type { Collection, UpdateFilter } from "mongodb"
import type { StoredSession } from "./fixtures.js"
import { sessionKey } from "./fixtures.js"
import type { PromiseOps } from "./operations.js"

/** Matches sessions that are live at `now`, as the layer does. */
export const liveAt = (now: Date) => ({ expiresAt: { $not: { $lte: now } } })

const managedFields = ["userId", "data", "expiresAt"] as const

/** The layer's cursor batch size when no `limit` is given. */
export const MAX_BATCH_SIZE = 1000

const isLive = (document: StoredSession | null, now: number): boolean =>
  document !== null && !(document.expiresAt instanceof Date && document.expiresAt.getTime() <= now)

/** The operations on `collection` with the driver alone. */
export const rawOperations = (collection: Collection<StoredSession>): PromiseOps => ({
  load: async ({ id, store }) => {
    const document = await collection.findOne({ _id: sessionKey(store, id), store, id })
    return isLive(document, Date.now())
  },

  store: async ({ session, store }) => {
    const now = new Date()
    const fields: Partial<StoredSession> = {
      ...(session.userId === undefined ? {} : { userId: session.userId }),
      ...(session.data === undefined ? {} : { data: session.data }),
      ...(session.expiresAt === undefined ? {} : { expiresAt: session.expiresAt })
    }
    const absent = managedFields.filter((field) => !(field in fields))
    const update: UpdateFilter<StoredSession> = {
      $set: { ...fields, updatedAt: now },
      $setOnInsert: { createdAt: now },
      ...(absent.length === 0 ? {} : { $unset: Object.fromEntries(absent.map((field) => [field, ""])) })
    }
    const document = await collection.findOneAndUpdate(
      { _id: sessionKey(store, session.id), store, id: session.id, ...liveAt(now), updatedAt: { $lte: now } },
      update,
      { upsert: true, returnDocument: "after", includeResultMetadata: false }
    )
    return document?.store === store && document.id === session.id
  },

  delete: async ({ id, store }) => {
    const result = await collection.deleteOne({ _id: sessionKey(store, id), store, id, ...liveAt(new Date()) })
    return result.deletedCount === 1
  },

  deleteMany: async ({ ids, store }) => {
    const result = await collection.deleteMany({
      _id: { $in: [...new Set(ids)].map((id) => sessionKey(store, id)) },
      store,
      ...liveAt(new Date())
    })
    return result.deletedCount
  },

  page: async ({ limit, store }) => {
    const documents = await collection
      .find({ store, ...liveAt(new Date()) }, { sort: { createdAt: 1, id: 1 }, limit, batchSize: limit })
      .toArray()
    return documents.length
  },

  readAll: async ({ store }) => {
    const cursor = collection.find(
      { store, ...liveAt(new Date()) },
      { sort: { createdAt: 1, id: 1 }, batchSize: MAX_BATCH_SIZE }
    )
    let count = 0
    for await (const _document of cursor) count += 1
    return count
  }
})

const notMeasured = (): Promise<never> => Promise.reject(new Error("only load is measured with an _id-only filter"))

/**
 * Not what the layer issues: `findOne({ _id })` alone, the one filter FerretDB 1.24 on
 * SQLite hands to SQLite instead of filtering every document itself. Measured in the
 * scaling benchmark only, to show what such a filter would change.
 */
export const rawIdOnlyOperations = (collection: Collection<StoredSession>): PromiseOps => ({
  load: async ({ id, store }) => {
    const document = await collection.findOne({ _id: sessionKey(store, id) })
    return isLive(document, Date.now()) && document?.store === store && document.id === id
  },
  store: notMeasured,
  delete: notMeasured,
  deleteMany: notMeasured,
  page: notMeasured,
  readAll: notMeasured
})
