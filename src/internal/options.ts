/**
 * Schemas of the option values the layers share: durations, names, connection strings.
 * Options are validated like any other input, so a bad one fails the layer with a
 * `ValidationError` that names it.
 *
 * @internal
 */
import { Duration, Option, Predicate, Redacted, Schema } from "effect"
import { describeValue } from "./describe.js"

/**
 * Whether a duration input is written as a negative or not-a-number amount, which
 * `Duration.decodeUnknown` would quietly turn into zero.
 */
const isNegativeOrNaN = (u: unknown): boolean =>
  (typeof u === "number" && !(u >= 0)) ||
  (typeof u === "bigint" && u < 0n) ||
  (typeof u === "string" && !(parseFloat(u) >= 0)) ||
  (Array.isArray(u) && u.some((part) => typeof part !== "number" || !(part >= 0)))

/** A positive, finite duration: `"10 seconds"`, `5000` (milliseconds), `Duration.seconds(10)`. */
export const PositiveDuration = Schema.declare(
  (u: unknown): u is Duration.DurationInput =>
    !isNegativeOrNaN(u) && Option.match(Duration.decodeUnknown(u), {
      onNone: () => false,
      onSome: (d) => Duration.isFinite(d) && Duration.toMillis(d) > 0
    }),
  {
    message: (issue) => `must be a positive, finite duration such as "10 seconds" (got ${describeValue(issue.actual)})`
  }
)

/** A duration of zero or more, e.g. a retry delay. */
export const NonNegativeDuration = Schema.declare(
  (u: unknown): u is Duration.DurationInput =>
    !isNegativeOrNaN(u) &&
    Option.match(Duration.decodeUnknown(u), { onNone: () => false, onSome: Duration.isFinite }),
  { message: (issue) => `must be a finite duration such as "100 millis" (got ${describeValue(issue.actual)})` }
)

/** A whole number within `[min, max]`. */
export const IntegerBetween = (min: number, max: number) =>
  Schema.Number.annotations({
    message: (issue) => `must be an integer from ${min} to ${max} (got ${describeValue(issue.actual)})`
  }).pipe(Schema.filter((n) =>
    (Number.isInteger(n) && n >= min && n <= max) || `must be an integer from ${min} to ${max} (got ${n})`
  ))

const mongoName = (what: string, forbidden: RegExp, maxLength: number) =>
  Schema.String.annotations({ message: (issue) => `must be a ${what} (got ${describeValue(issue.actual)})` }).pipe(
    Schema.filter((s) =>
      (s.length > 0 && s.length <= maxLength && !forbidden.test(s) && s.isWellFormed()) ||
      `must be a ${what}: 1 to ${maxLength} characters, none of ${forbidden.source.slice(1, -1)} (got ${
        describeValue(s)
      })`
    )
  )

/** A MongoDB database name. */
export const DatabaseName = mongoName("database name", /[/\\. "$*<>:|?\u0000]/, 63)

/** A MongoDB collection name (not a system collection, no `$`). */
export const CollectionName = mongoName("collection name", /[$\u0000]|^system\./, 120)

/** A connection string, plain or `Redacted`; it is `Redacted` from here on. */
export const ConnectionString = Schema.declare(
  (u: unknown): u is string | Redacted.Redacted<string> =>
    (typeof u === "string" && u.length > 0) || (Redacted.isRedacted(u) && typeof Redacted.value(u) === "string"),
  { message: (issue) => `must be a MongoDB connection string (got ${describeValue(issue.actual)})` }
)

/** `Redacted` from the moment it enters. */
export const toRedacted = (url: string | Redacted.Redacted<string>): Redacted.Redacted<string> =>
  Redacted.isRedacted(url) ? url : Redacted.make(url)

/** An object of driver options, passed through to `MongoClient` unchanged. */
export const PlainObject = Schema.declare(
  (u: unknown): u is Record<string, unknown> => Predicate.isRecord(u),
  { message: (issue) => `must be an object (got ${describeValue(issue.actual)})` }
)

/**
 * The secrets of a connection string: its user-info and password (raw and decoded), so
 * that error texts can be scrubbed of them even outside a URL.
 */
export const secretsOf = (url: string): ReadonlyArray<string> => {
  const match = /^[^:/]+:\/\/([^/?#]*)@/.exec(url)
  if (match === null || match[1] === undefined) return []
  const userInfo = match[1]
  const separator = userInfo.indexOf(":")
  const password = separator === -1 ? "" : userInfo.slice(separator + 1)
  const decoded = (() => {
    try {
      return decodeURIComponent(password)
    } catch {
      return password
    }
  })()
  return [userInfo, password, decoded].filter((s) => s.length > 0)
}
