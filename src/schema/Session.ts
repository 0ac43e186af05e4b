/**
 * A session, and what a caller passes to store one.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { describeValue } from "../internal/describe.js"
import { SessionId, StoreName, UserId } from "./Identifiers.js"
import { SessionData } from "./SessionData.js"

/**
 * A stored session, exactly as the published API declares it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Session {
  /** Unique session identifier (unique within its store). */
  id: string
  /** Logical store / namespace the session belongs to. */
  store: string
  /** Optional user association. */
  userId?: string
  /** Arbitrary JSON-like session metadata (nested `Date`s allowed). */
  data?: Record<string, any>
  /** Optional expiration time; from then on the session is gone for every reader. */
  expiresAt?: Date
  /** When the session was first stored. Kept by updates. */
  createdAt: Date
  /** When the session was last stored. */
  updatedAt: Date
}

/**
 * What `storeSession` takes. `store`, `createdAt` and `updatedAt` are managed by the
 * storage; a `Session` may be passed back as it is (its `store` must then match the
 * store argument, and its timestamps are ignored). A property set to `undefined` is
 * treated as absent.
 *
 * @since 0.1.0
 * @category models
 */
export interface SessionInput {
  id: string
  userId?: string | undefined
  data?: Record<string, any> | undefined
  expiresAt?: Date | undefined
}

/**
 * A valid `Date` (not `new Date(NaN)`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ValidDate = Schema.ValidDateFromSelf.annotations({
  // `override`: also when the value is no Date at all, so that the input is never echoed.
  message: (issue) => ({ message: `must be a valid Date (got ${describeValue(issue.actual)})`, override: true })
})

/**
 * The schema of a stored {@link Session}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Session: Schema.Schema<Session> = Schema.mutable(Schema.Struct({
  id: SessionId,
  store: StoreName,
  userId: Schema.optionalWith(UserId, { exact: true }),
  data: Schema.optionalWith(SessionData, { exact: true }),
  expiresAt: Schema.optionalWith(ValidDate, { exact: true }),
  createdAt: ValidDate,
  updatedAt: ValidDate
}))

/**
 * The fields of a {@link SessionInput}, with a given `data` schema (the size limit is
 * configurable per storage).
 *
 * @since 0.1.0
 * @category schemas
 */
export const sessionInputFields = <D extends Schema.Schema.Any>(data: D) => ({
  id: SessionId,
  userId: Schema.optional(UserId),
  data: Schema.optional(data),
  expiresAt: Schema.optional(ValidDate)
})

/**
 * The schema of a {@link SessionInput} (with the default 1 MiB `data` limit).
 *
 * @since 0.1.0
 * @category schemas
 */
export const SessionInput: Schema.Schema<SessionInput> = Schema.mutable(Schema.Struct(sessionInputFields(SessionData)))
