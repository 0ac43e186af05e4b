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
 * `data` is stored as a document any MongoDB-compatible server accepts (FerretDB 1.x
 * refuses keys with `$` or `.`, arrays inside arrays, and `-0`), and comes back exactly:
 *
 * - keys are escaped: `%`, `$`, `.` and NUL become `%25`, `%24`, `%2E` and `%00`, and
 *   the empty key becomes `%`;
 * - an array inside an array is stored as `{ "%A": [...] }`, and `-0` as `{ "%N": "-0" }`.
 *   No escaped key can be `%A` or `%N`, so these wrappers never meet user data.
 *
 * @internal
 */
import { Either, Schema } from "effect"
import type { Session } from "../../schema/Session.js"
import type { SessionData } from "../../schema/SessionData.js"
import { setOwn } from "../copyData.js"

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

const needsEscape = /[%$.\u0000]/
const escaped = /[%$.\u0000]/g
const escapeChar = (c: string): string => `%${c.charCodeAt(0).toString(16).padStart(2, "0").toUpperCase()}`
const escapeKey = (key: string): string =>
  key === "" ? "%" : needsEscape.test(key) ? key.replace(escaped, escapeChar) : key

const unescapeKey = (key: string): string =>
  key === "%" ? "" : key.includes("%")
    ? key.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : key

const NESTED_ARRAY = "%A"
const NEGATIVE_ZERO = "%N"

const encodeValue = (value: unknown, inArray: boolean): unknown => {
  if (typeof value === "number") return Object.is(value, -0) ? { [NEGATIVE_ZERO]: "-0" } : value
  if (typeof value !== "object" || value === null) return value
  if (value instanceof Date) return new Date(value.getTime())
  if (Array.isArray(value)) {
    const items = value.map((item) => encodeValue(item, true))
    return inArray ? { [NESTED_ARRAY]: items } : items
  }
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    const item: unknown = (value as Record<string, unknown>)[key]
    if (item !== undefined) setOwn(out, escapeKey(key), encodeValue(item, false))
  }
  return out
}

const decodeValue = (value: unknown): unknown => {
  if (typeof value !== "object" || value === null || value instanceof Date) return value
  if (Array.isArray(value)) return value.map(decodeValue)
  const keys = Object.keys(value)
  const record = value as Record<string, unknown>
  if (keys.length === 1) {
    if (keys[0] === NESTED_ARRAY && Array.isArray(record[NESTED_ARRAY])) return decodeValue(record[NESTED_ARRAY])
    if (keys[0] === NEGATIVE_ZERO && record[NEGATIVE_ZERO] === "-0") return -0
  }
  const out: Record<string, unknown> = {}
  for (const key of keys) setOwn(out, unescapeKey(key), decodeValue(record[key]))
  return out
}

/** `data` as stored. */
export const encodeData = (data: SessionData): SessionData => encodeValue(data, false) as SessionData

/** `data` as stored, back to what was given. */
export const decodeData = (data: SessionData): SessionData => decodeValue(data) as SessionData

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
