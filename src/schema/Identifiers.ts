/**
 * The string keys of a session: its store, its id and its user.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { describeValue } from "../internal/describe.js"

/**
 * The longest store name, session id or user id accepted, in UTF-16 code units.
 *
 * @since 0.1.0
 * @category constants
 */
export const MAX_KEY_LENGTH = 255

const keyRule = `must be a non-empty string of at most ${MAX_KEY_LENGTH} characters without NUL`

const keyIssue = (s: string): string | undefined => {
  if (s.length === 0 || s.length > MAX_KEY_LENGTH) return `${keyRule} (got ${describeValue(s)})`
  if (s.includes("\u0000")) return `${keyRule} (got a string containing NUL)`
  if (!s.isWellFormed()) return `must be well-formed Unicode (got a string with a lone surrogate)`
  return undefined
}

const key = (identifier: string) =>
  Schema.String.annotations({ message: (issue) => `${keyRule} (got ${describeValue(issue.actual)})` }).pipe(
    Schema.filter((s) => keyIssue(s) ?? true, { identifier })
  )

/**
 * The store (merchant, tenant) a session belongs to. Sessions of two stores never see
 * each other.
 *
 * @since 0.1.0
 * @category schemas
 */
export const StoreName = key("StoreName")

/**
 * A session id, unique within its store.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SessionId = key("SessionId")

/**
 * The user a session is associated with.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UserId = key("UserId")
