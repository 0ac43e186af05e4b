/**
 * The MongoDB session storage: a `SessionStorage` over a collection of a connected
 * `MongoDatabase`. Building the layer creates the indexes and, when expired sessions are
 * swept, starts the sweeper in the layer's scope.
 *
 * @since 0.1.0
 */
import type { Scope } from "effect"
import { Config, Duration, Effect, Layer, Schema } from "effect"
import type { ConfigError } from "effect"
import type { SessionStorageError } from "../errors/SessionStorageError.js"
import type { RetryPolicy } from "../internal/mongo/command.js"
import { makeCommand } from "../internal/mongo/command.js"
import type { SessionDocument } from "../internal/mongo/document.js"
import { ensureIndexes } from "../internal/mongo/indexes.js"
import type { ExpiryMode } from "../internal/mongo/indexes.js"
import { makeSessionOperations } from "../internal/mongo/operations.js"
import { startSweeper } from "../internal/mongo/sweeper.js"
import { CollectionName, IntegerBetween, NonNegativeDuration, PositiveDuration } from "../internal/options.js"
import { decodeStorageOptions } from "../internal/storageOptions.js"
import { decoder } from "../internal/validation.js"
import { MongoDatabase } from "../services/MongoDatabase.js"
import { SessionStorage } from "../services/SessionStorage.js"
import type { Service } from "../services/SessionStorage.js"

export type { ExpiryMode } from "../internal/mongo/indexes.js"
export { INDEX_NAMES } from "../internal/mongo/indexes.js"

/**
 * Options of the MongoDB session storage. Every one has a default.
 *
 * @since 0.1.0
 * @category models
 */
export interface MongoSessionStorageOptions {
  /** The collection. Default: `"sessions"`. */
  readonly collectionName?: string | undefined
  /** How expired sessions are removed from the server. Default: `"auto"`. */
  readonly expiry?: ExpiryMode | undefined
  /** How often the sweeper runs (modes `sweep`, and `auto` without TTL). Default: 1 minute. */
  readonly sweepInterval?: Duration.DurationInput | undefined
  /** The largest `data` accepted, in bytes as encoded in BSON. Default: 1 MiB. */
  readonly maxDataBytes?: number | undefined
  /** Retries of transient failures (dropped connections, elections). Default: 3 times from 100 ms. */
  readonly retry?: Partial<RetryPolicy> | undefined
}

/**
 * The defaults of {@link MongoSessionStorageOptions}.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULTS = {
  collectionName: "sessions",
  expiry: "auto",
  sweepInterval: Duration.minutes(1),
  retry: { times: 3, delay: Duration.millis(100) }
} as const

const decodeOptionsArgument = decoder(
  Schema.Struct({
    options: Schema.Struct({
      collectionName: Schema.optional(CollectionName),
      expiry: Schema.optional(
        Schema.Literal("auto", "ttl-index", "sweep", "none").annotations({
          message: () => "must be one of \"auto\", \"ttl-index\", \"sweep\", \"none\""
        })
      ),
      sweepInterval: Schema.optional(PositiveDuration),
      maxDataBytes: Schema.optional(Schema.Unknown),
      retry: Schema.optional(Schema.Struct({
        times: Schema.optional(IntegerBetween(0, 10)),
        delay: Schema.optional(NonNegativeDuration)
      }))
    })
  }),
  "configure"
)

/**
 * Validates the storage options without touching the database.
 *
 * @internal
 */
export const validateOptions = (options: unknown) =>
  Effect.zipWith(
    decodeOptionsArgument({ options }),
    decodeStorageOptions({ maxDataBytes: (options as MongoSessionStorageOptions | undefined)?.maxDataBytes }),
    (valid, { maxDataBytes }) => ({ ...valid.options, maxDataBytes })
  )

/**
 * Makes the storage over the `MongoDatabase` in context. Fails when an option is
 * invalid, the server cannot be reached, or an index conflicts with an existing one.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: MongoSessionStorageOptions = {}
): Effect.Effect<Service, SessionStorageError, MongoDatabase | Scope.Scope> =>
  Effect.gen(function*() {
    const valid = yield* validateOptions(options)
    const { db } = yield* MongoDatabase
    const collection = db.collection<SessionDocument>(valid.collectionName ?? DEFAULTS.collectionName)
    const command = makeCommand({
      times: valid.retry?.times ?? DEFAULTS.retry.times,
      delay: valid.retry?.delay ?? DEFAULTS.retry.delay
    })

    const plan = yield* ensureIndexes(command, collection, valid.expiry ?? DEFAULTS.expiry)
    if (plan === "sweep") yield* startSweeper(command, collection, valid.sweepInterval ?? DEFAULTS.sweepInterval)

    let closed = false
    yield* Effect.addFinalizer(() => Effect.sync(() => (closed = true)))
    return makeSessionOperations({
      collection,
      command,
      maxDataBytes: valid.maxDataBytes,
      plan,
      isClosed: () => closed
    })
  })

/**
 * The storage as a layer. Requires a `MongoDatabase`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: MongoSessionStorageOptions = {}
): Layer.Layer<SessionStorage, SessionStorageError, MongoDatabase> => Layer.scoped(SessionStorage, make(options))

/**
 * Like {@link layer}, with options read through Effect `Config`, for instance
 * `{ collectionName: Config.string("SESSIONS_COLLECTION") }`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config.Wrap<MongoSessionStorageOptions>
): Layer.Layer<SessionStorage, SessionStorageError | ConfigError.ConfigError, MongoDatabase> =>
  Layer.scoped(SessionStorage, Effect.flatMap(Config.unwrap(config), make))
