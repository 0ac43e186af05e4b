/**
 * Options of `findSessionsByStore` and `streamSessionsByStore`.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { describeValue } from "../internal/describe.js"
import { UserId } from "./Identifiers.js"

/**
 * The largest page `findSessionsByStore` returns.
 *
 * @since 0.1.0
 * @category constants
 */
export const MAX_LIMIT = 10_000

/**
 * Which sessions of a store to list. Sessions are listed oldest first (by `createdAt`,
 * then `id`), so `limit`/`offset` pages never skip or repeat a session.
 *
 * @since 0.1.0
 * @category models
 */
export interface FindSessionsOptions {
  /** Only the sessions of this user. */
  userId?: string | undefined
  /** At most this many sessions (1 to 10,000); all of them when absent. */
  limit?: number | undefined
  /** Skip this many sessions first (default 0). */
  offset?: number | undefined
}

const integer = (rule: string, valid: (n: number) => boolean) =>
  Schema.Number.annotations({ message: (issue) => `${rule} (got ${describeValue(issue.actual)})` }).pipe(
    Schema.filter((n) => (Number.isInteger(n) && valid(n)) || `${rule} (got ${describeValue(n)})`)
  )

/**
 * `limit`: an integer from 1 to {@link MAX_LIMIT}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Limit = integer(`must be an integer from 1 to ${MAX_LIMIT}`, (n) => n >= 1 && n <= MAX_LIMIT)

/**
 * `offset`: an integer of at least 0.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Offset = integer("must be an integer of at least 0", (n) => n >= 0 && n <= Number.MAX_SAFE_INTEGER)

/**
 * The schema of {@link FindSessionsOptions}. Unknown keys are rejected by the storage.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FindSessionsOptions: Schema.Schema<FindSessionsOptions> = Schema.mutable(Schema.Struct({
  userId: Schema.optional(UserId),
  limit: Schema.optional(Limit),
  offset: Schema.optional(Offset)
}))
