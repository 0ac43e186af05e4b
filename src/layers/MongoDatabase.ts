/**
 * Layers that provide a connected `MongoDatabase`: a client this library connects and
 * closes with the layer's scope, from options or from the environment, or a `Db` your
 * application already owns.
 *
 * @since 0.1.0
 */
import type { ConfigError, Scope } from "effect"
import { Config, Duration, Effect, Layer, Redacted, Schema } from "effect"
import type { Db, MongoClientOptions } from "mongodb"
import { MongoClient } from "mongodb"
import { ConnectionError, ValidationError } from "../errors/SessionStorageError.js"
import { reasonOf } from "../internal/mongo/driverErrors.js"
import {
  ConnectionString,
  DatabaseName,
  PlainObject,
  PositiveDuration,
  secretsOf,
  toRedacted
} from "../internal/options.js"
import { decoder } from "../internal/validation.js"
import { MongoDatabase } from "../services/MongoDatabase.js"
import type { Service } from "../services/MongoDatabase.js"

export {
  /**
   * The tag of the connected database.
   *
   * @since 0.1.0
   * @category tags
   */
  MongoDatabase
} from "../services/MongoDatabase.js"

/**
 * How to connect.
 *
 * @since 0.1.0
 * @category models
 */
export interface MongoDatabaseOptions {
  /** The connection string. Wrapped in `Redacted` as soon as it is received. */
  readonly url: string | Redacted.Redacted<string>
  /** The database to use. */
  readonly dbName: string
  /**
   * Options for `new MongoClient(url, options)`, passed through unchanged. Unless set
   * here, `serverSelectionTimeoutMS` is the connect timeout, so an operation during an
   * outage fails within that time instead of the driver's 30 seconds.
   */
  readonly clientOptions?: MongoClientOptions | undefined
  /** How long connecting may take. Default: 10 seconds. */
  readonly connectTimeout?: Duration.DurationInput | undefined
}

/**
 * The default connect timeout.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_CONNECT_TIMEOUT: Duration.Duration = Duration.seconds(10)

const CLOSE_TIMEOUT = Duration.seconds(5)

const decodeOptionsArgument = decoder(
  Schema.Struct({
    options: Schema.Struct({
      url: ConnectionString,
      dbName: DatabaseName,
      clientOptions: Schema.optional(PlainObject),
      connectTimeout: Schema.optional(PositiveDuration)
    }).annotations({ message: () => "must be an object with url and dbName" })
  }),
  "configure"
)

/**
 * Validates connection options without connecting (the promise facade checks them in
 * its constructor).
 *
 * @internal
 */
export const validateOptions = (options: unknown) =>
  Effect.map(decodeOptionsArgument({ options }), (valid) => valid.options)

/**
 * Closes the client once its `connect()` has settled (waiting at most `connectTimeout`):
 * a connect cut short by the timeout or by the scope goes on in the driver, and a
 * `close()` before it has made its topology would do nothing, leaving a connected client
 * behind.
 */
const close = (client: MongoClient, connecting: () => Promise<unknown>, connectTimeout: Duration.Duration) =>
  Effect.promise(() => connecting().catch(() => undefined)).pipe(
    Effect.timeout(connectTimeout),
    Effect.ignore,
    Effect.zipRight(Effect.tryPromise(() => client.close()).pipe(Effect.timeout(CLOSE_TIMEOUT), Effect.ignore))
  )

/**
 * Connects a new client, and closes it when the scope closes. Connecting is bounded by
 * `connectTimeout`; a failure is a `ConnectionError` whose message never holds the
 * connection string's credentials.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: MongoDatabaseOptions
): Effect.Effect<Service, ConnectionError | ValidationError, Scope.Scope> =>
  Effect.gen(function*() {
    const valid = yield* validateOptions(options)
    const url = toRedacted(valid.url)
    const secrets = secretsOf(Redacted.value(url))
    const connectTimeout = Duration.decode(valid.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT)
    let connecting: Promise<unknown> = Promise.resolve()
    const client = yield* Effect.acquireRelease(
      Effect.try({
        try: () =>
          new MongoClient(Redacted.value(url), {
            serverSelectionTimeoutMS: Duration.toMillis(connectTimeout),
            ...valid.clientOptions as MongoClientOptions | undefined
          }),
        catch: (error) =>
          new ValidationError({
            operation: "configure",
            path: ["options", "url"],
            reason: `is not a usable MongoDB connection string: ${reasonOf(error, secrets)}`
          })
      }),
      (client) => close(client, () => connecting, connectTimeout)
    )
    yield* Effect.tryPromise({
      try: () => (connecting = client.connect()),
      catch: (error) => new ConnectionError({ operation: "connect", reason: reasonOf(error, secrets) })
    }).pipe(
      Effect.timeoutFail({
        duration: connectTimeout,
        onTimeout: () =>
          new ConnectionError({
            operation: "connect",
            reason: `no server answered within ${Duration.format(connectTimeout)}`
          })
      }),
      Effect.withSpan("MongoDatabase.connect", {
        kind: "client",
        attributes: { "db.system.name": "mongodb", "db.namespace": valid.dbName }
      })
    )
    return MongoDatabase.of({ db: client.db(valid.dbName) })
  })

/**
 * A layer that connects on build and closes the client when its scope closes.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: MongoDatabaseOptions): Layer.Layer<MongoDatabase, ConnectionError | ValidationError> =>
  Layer.scoped(MongoDatabase, make(options))

/**
 * Like {@link layer}, with options read through Effect `Config`. By default the
 * connection string comes from `MONGODB_URI` (as `Redacted`) and the database from
 * `MONGODB_DB_NAME`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config.Wrap<MongoDatabaseOptions> = {
    url: Config.redacted("MONGODB_URI"),
    dbName: Config.string("MONGODB_DB_NAME")
  }
): Layer.Layer<MongoDatabase, ConnectionError | ValidationError | ConfigError.ConfigError> =>
  Layer.scoped(MongoDatabase, Effect.flatMap(Config.unwrap(config), make))

/**
 * A layer over a `Db` your application owns: it is used as it is and never closed by
 * this library.
 *
 * @since 0.1.0
 * @category layers
 */
export const fromDb = (db: Db): Layer.Layer<MongoDatabase> => Layer.succeed(MongoDatabase, MongoDatabase.of({ db }))
