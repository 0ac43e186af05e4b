/**
 * How a session is laid out in MongoDB.
 *
 * ```
 * { _id: "8:my-store:session-123", store: "my-store", id: "session-123",
 *   userId?, data?, expiresAt?, createdAt, updatedAt }
 * ```
 *
 * `_id` is an injective encoding of `(store, id)` (the store's length first), so the
 * primary key itself enforces that a store holds one session per id, on every
 * MongoDB-compatible server, with no second unique index. `store` and `id` stay fields
 * so that every operation can filter on both (a `{ store, id }` shard key stays
 * possible) and listing by store is index-backed.
 *
 * `data` is stored in the escaped form of `../dataEncoding.ts`, which any
 * MongoDB-compatible server accepts and the driver reads back exactly.
 *
 * @internal
 */
import { Either, Schema } from "effect"
import type { Session } from "../../schema/Session.js"
import type { SessionData } from "../../schema/SessionData.js"
import { decodeData } from "../dataEncoding.js"

/** A session document as written by this library. */
export interface SessionDocument {
  _id: string
  store: string
  id: string
  userId?: string
  data?: SessionData
  expiresAt?: Date
  createdAt: Date
  updatedAt: Date
}

/** The `_id` of the session `id` of `store`. */
export const sessionKey = (store: string, id: string): string => `${store.length}:${store}:${id}`

const StoredData = Schema.declare(
  (u: unknown): u is SessionData => typeof u === "object" && u !== null && !Array.isArray(u) && !(u instanceof Date),
  { identifier: "StoredData" }
)

/** A session document as read from MongoDB (possibly written by something else). */
const StoredDocument = Schema.Struct({
  id: Schema.String,
  store: Schema.String,
  userId: Schema.optional(Schema.String),
  data: Schema.optional(StoredData),
  expiresAt: Schema.optional(Schema.NullOr(Schema.DateFromSelf)),
  createdAt: Schema.DateFromSelf,
  updatedAt: Schema.DateFromSelf
})

const decodeDocument = Schema.decodeUnknownEither(StoredDocument)

/**
 * The session a document holds, or `undefined` when the document is not a session
 * document (written by something else).
 */
export const fromDocument = (document: unknown): Session | undefined => {
  const decoded = decodeDocument(document)
  if (Either.isLeft(decoded)) return undefined
  const { createdAt, data, expiresAt, id, store, updatedAt, userId } = decoded.right
  return {
    id,
    store,
    ...(userId === undefined ? {} : { userId }),
    ...(data === undefined ? {} : { data: decodeData(data) }),
    ...(expiresAt === undefined || expiresAt === null ? {} : { expiresAt }),
    createdAt,
    updatedAt
  }
}
