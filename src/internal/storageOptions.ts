/**
 * Options that every storage layer takes, validated like any other input.
 *
 * @internal
 */
import { Effect, Schema } from "effect"
import type { ValidationError } from "../errors/SessionStorageError.js"
import { DEFAULT_MAX_DATA_BYTES, MAX_DATA_BYTES_LIMIT } from "../schema/SessionData.js"
import { describeValue } from "./describe.js"
import { decoder } from "./validation.js"

const maxDataBytesRule = `must be an integer from 1 to ${MAX_DATA_BYTES_LIMIT}`

/** `maxDataBytes`: the size limit of `data`, in bytes as encoded in BSON. */
export const MaxDataBytes = Schema.Number.annotations({
  message: (issue) => `${maxDataBytesRule} (got ${describeValue(issue.actual)})`
}).pipe(
  Schema.filter((n) =>
    (Number.isInteger(n) && n >= 1 && n <= MAX_DATA_BYTES_LIMIT) || `${maxDataBytesRule} (got ${describeValue(n)})`
  )
)

const StorageOptions = Schema.Struct({
  options: Schema.Struct({ maxDataBytes: Schema.optional(MaxDataBytes) })
})

const decodeOptions = decoder(StorageOptions, "configure")

/** Validates the options shared by every layer and fills in their defaults. */
export const decodeStorageOptions = (
  options: unknown
): Effect.Effect<{ readonly maxDataBytes: number }, ValidationError> =>
  Effect.map(decodeOptions({ options }), ({ options }) => ({
    maxDataBytes: options.maxDataBytes ?? DEFAULT_MAX_DATA_BYTES
  }))
