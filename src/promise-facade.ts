/**
 * `MongoDBSessionStorage`: the session storage as a class with promise methods, for
 * code that does not use Effect (qumraApp, Express, scripts). Its API is the published
 * one: `storeSession`, `loadSession` (null when missing or expired), `deleteSession`,
 * `deleteSessions`, `findSessionsByStore`, `disconnect`, `ensureIndex`.
 *
 * Underneath, each instance runs the Effect layers in a `ManagedRuntime` of its own.
 *
 * @since 0.1.0
 */
import type { Fiber } from "effect"
import { Cause, Context, Effect, Either, Exit, FiberSet, Layer, ManagedRuntime, Option } from "effect"
import type { Duration } from "effect"
import type { Db, MongoClientOptions } from "mongodb"
import type { SessionStorageError, SessionStorageOperation } from "./errors/SessionStorageError.js"
import { StorageClosedError, ValidationError } from "./errors/SessionStorageError.js"
import type { Validators } from "./internal/validation.js"
import { makeValidators } from "./internal/validation.js"
import * as InMemorySessionStorage from "./layers/InMemorySessionStorage.js"
import * as MongoDatabase from "./layers/MongoDatabase.js"
import * as MongoSessionStorage from "./layers/MongoSessionStorage.js"
import type { FindSessionsOptions } from "./schema/FindSessionsOptions.js"
import type { Session, SessionInput } from "./schema/Session.js"
import { SessionStorage } from "./services/SessionStorage.js"
import type { Service } from "./services/SessionStorage.js"

/**
 * Options of a storage that connects by itself (`new MongoDBSessionStorage({ url, dbName })`).
 *
 * @since 0.1.0
 * @category models
 */
export interface MongoDBSessionStorageOptions extends MongoSessionStorage.MongoSessionStorageOptions {
  /** The connection string. */
  readonly url: string
  /** The database. */
  readonly dbName: string
  /** Options for `new MongoClient(url, options)`, passed through. */
  readonly clientOptions?: MongoClientOptions | undefined
  /** How long connecting may take. Default: 10 seconds. */
  readonly connectTimeout?: Duration.DurationInput | undefined
}

/**
 * Options of a storage over a `Db` the application owns (`new MongoDBSessionStorage(db, options)`).
 *
 * @since 0.1.0
 * @category models
 */
export type MongoDBSessionStorageDbOptions = MongoSessionStorage.MongoSessionStorageOptions

const isDb = (u: unknown): u is Db =>
  typeof u === "object" && u !== null && typeof (u as Db).collection === "function" &&
  typeof (u as Db).databaseName === "string"

const orThrow = <A>(effect: Effect.Effect<A, ValidationError>): A =>
  Either.getOrThrowWith(Effect.runSync(Effect.either(effect)), (error) => error)

/** The layer of a facade, and the validators it checks input with before its first connection. */
interface Source {
  readonly layer: Layer.Layer<SessionStorage, unknown>
  readonly validators?: Validators
}

/** Builds the layer of the two constructor forms, validating every option first. */
const layerFor = (
  dbOrOptions: Db | MongoDBSessionStorageOptions,
  dbOptions: MongoDBSessionStorageDbOptions | undefined
): Source => {
  if (isDb(dbOrOptions)) {
    const { maxDataBytes } = orThrow(MongoSessionStorage.validateOptions(dbOptions ?? {}))
    return {
      layer: MongoSessionStorage.layer(dbOptions).pipe(Layer.provide(MongoDatabase.fromDb(dbOrOptions))),
      validators: makeValidators(maxDataBytes)
    }
  }
  if (typeof dbOrOptions !== "object" || dbOrOptions === null) {
    throw new ValidationError({
      operation: "configure",
      path: ["options"],
      reason: "must be { url, dbName, ... } or a Db from the mongodb package"
    })
  }
  const { clientOptions, connectTimeout, dbName, url, ...storageOptions } = dbOrOptions
  const connection = {
    url,
    dbName,
    ...(clientOptions === undefined ? {} : { clientOptions }),
    ...(connectTimeout === undefined ? {} : { connectTimeout })
  }
  orThrow(MongoDatabase.validateOptions(connection))
  const { maxDataBytes } = orThrow(MongoSessionStorage.validateOptions(storageOptions))
  return {
    layer: MongoSessionStorage.layer(storageOptions).pipe(Layer.provide(MongoDatabase.layer(connection))),
    validators: makeValidators(maxDataBytes)
  }
}

const asError = (u: unknown, operation: SessionStorageOperation): Error =>
  u instanceof Error ? u : new Error(`${operation} failed: ${String(u)}`)

/** What a failed Effect rejects with: the typed error itself, never a wrapper. */
const rejection = (cause: Cause.Cause<unknown>, operation: SessionStorageOperation): Error =>
  Option.match(Cause.failureOption(cause), {
    onSome: (error) => asError(error, operation),
    onNone: () =>
      Cause.isInterruptedOnly(cause) ? new StorageClosedError({ operation }) : asError(Cause.squash(cause), operation)
  })

/** Carries a ready-made layer through the constructor (see `fromLayer`). */
class LayerSource implements Source {
  constructor(readonly layer: Layer.Layer<SessionStorage, unknown>) {}
}

/**
 * What the facade runs operations with once its layer is built: the service, and a run
 * function whose fibers are interrupted when the facade disconnects.
 */
class Runner extends Context.Tag("@qumra/app-session-storage-mongodb/promise-facade/Runner")<Runner, {
  readonly run: <A, E>(effect: Effect.Effect<A, E>) => Fiber.RuntimeFiber<A, E>
  readonly service: Service
}>() {}

const withRunner = (layer: Layer.Layer<SessionStorage, unknown>): Layer.Layer<Runner, unknown> =>
  Layer.scoped(
    Runner,
    Effect.zipWith(FiberSet.makeRuntime(), SessionStorage, (run, service) => Runner.of({ run, service }))
  ).pipe(Layer.provide(layer))

type Ready = Context.Tag.Service<Runner>

/**
 * The session storage with promise methods.
 *
 * The constructor does no I/O (it throws `ValidationError` for invalid options). The
 * first operation connects and creates the indexes; concurrent first operations share
 * that one connection, and a failed connection is not remembered: the next operation
 * tries again. Every method rejects with the library's typed errors.
 *
 * @since 0.1.0
 * @category facade
 */
export class MongoDBSessionStorage {
  readonly #layer: Layer.Layer<SessionStorage, unknown>
  readonly #validators: Validators | undefined
  #managed: ManagedRuntime.ManagedRuntime<Runner, unknown> | undefined
  #ready: Ready | undefined
  #closing: Promise<void> | undefined

  /** Connects by itself, lazily: `new MongoDBSessionStorage({ url, dbName, collectionName })`. */
  constructor(options: MongoDBSessionStorageOptions)
  /** Uses a `Db` the application owns and closes: `new MongoDBSessionStorage(db, options)`. */
  constructor(db: Db, options?: MongoDBSessionStorageDbOptions)
  constructor(dbOrOptions: Db | MongoDBSessionStorageOptions, options?: MongoDBSessionStorageDbOptions) {
    const source: Source = dbOrOptions instanceof LayerSource ? dbOrOptions : layerFor(dbOrOptions, options)
    this.#layer = source.layer
    this.#validators = source.validators
  }

  /**
   * A storage over any layer that provides `SessionStorage`; it is built on the first
   * operation and released by `disconnect()`.
   */
  static fromLayer(layer: Layer.Layer<SessionStorage, unknown>): MongoDBSessionStorage {
    return new MongoDBSessionStorage(new LayerSource(layer) as never)
  }

  /** An in-memory storage with the very same behaviour, for testing code that uses sessions. */
  static inMemory(options: InMemorySessionStorage.InMemorySessionStorageOptions = {}): MongoDBSessionStorage {
    return MongoDBSessionStorage.fromLayer(InMemorySessionStorage.layer(options))
  }

  /** Stores or replaces a session; resolves to the session as stored. */
  storeSession(store: string, session: SessionInput): Promise<Session> {
    return this.#run(
      "storeSession",
      (storage) => storage.storeSession(store, session),
      (check) => check.storeSession(store, session)
    )
  }

  /** Resolves to the session, or `null` when it is missing or expired. */
  loadSession(store: string, id: string): Promise<Session | null> {
    return this.#run(
      "loadSession",
      (storage) => Effect.map(storage.loadSession(store, id), Option.getOrNull),
      (check) => check.loadSession(store, id)
    )
  }

  /** Deletes one session; resolves to whether a live session was deleted. */
  deleteSession(store: string, id: string): Promise<boolean> {
    return this.#run(
      "deleteSession",
      (storage) => storage.deleteSession(store, id),
      (check) => check.deleteSession(store, id)
    )
  }

  /** Deletes many sessions of one store in a single operation; resolves to how many were deleted. */
  deleteSessions(store: string, ids: ReadonlyArray<string>): Promise<number> {
    return this.#run(
      "deleteSessions",
      (storage) => storage.deleteSessions(store, ids),
      (check) => check.deleteSessions(store, ids)
    )
  }

  /** The store's live sessions, oldest first; all of them unless `limit` is given. */
  findSessionsByStore(store: string, options?: FindSessionsOptions): Promise<Array<Session>> {
    return this.#run(
      "findSessionsByStore",
      (storage) => storage.findSessionsByStore(store, options),
      (check) => check.findSessionsByStore(store, options)
    )
  }

  /** Creates the indexes when missing (they are created on the first connection anyway). */
  ensureIndex(): Promise<void> {
    return this.#run("ensureIndex", (storage) => storage.ensureIndex)
  }

  /**
   * Closes what this storage opened (its client, its sweeper; never a borrowed `Db`).
   * Idempotent; every later call rejects with `StorageClosedError`.
   */
  disconnect(): Promise<void> {
    if (this.#closing === undefined) {
      const managed = this.#managed
      this.#managed = undefined
      this.#ready = undefined
      this.#closing = managed === undefined ? Promise.resolve() : managed.dispose().catch(() => undefined)
    }
    return this.#closing
  }

  #run<A>(
    operation: SessionStorageOperation,
    use: (storage: Service) => Effect.Effect<A, SessionStorageError>,
    check?: (validators: Validators) => Effect.Effect<unknown, ValidationError>
  ): Promise<A> {
    if (this.#closing !== undefined) return Promise.reject(new StorageClosedError({ operation }))
    // Before the first connection, bad input is refused here, without connecting; once
    // connected, the service itself validates before any I/O.
    if (this.#ready === undefined && this.#validators !== undefined && check !== undefined) {
      const checked = Effect.runSync(Effect.either(check(this.#validators)))
      if (Either.isLeft(checked)) return Promise.reject(checked.left)
    }
    const settle = ({ run, service }: Ready): Promise<A> =>
      new Promise((resolve, reject) =>
        run(use(service)).addObserver((exit) =>
          Exit.isSuccess(exit) ? resolve(exit.value) : reject(rejection(exit.cause, operation))
        )
      )
    return this.#ready === undefined ? this.#connect(operation).then(settle) : settle(this.#ready)
  }

  /** Builds the layer once for all concurrent callers; forgets a failed build. */
  #connect(operation: SessionStorageOperation): Promise<Ready> {
    const managed = this.#managed ??= ManagedRuntime.make(withRunner(this.#layer))
    return Effect.runPromiseExit(managed.runtimeEffect).then((exit) => {
      if (Exit.isSuccess(exit) && this.#managed === managed) {
        return this.#ready ??= Context.get(exit.value.context, Runner)
      }
      if (this.#managed === managed) this.#managed = undefined
      void managed.dispose().catch(() => undefined)
      throw Exit.isFailure(exit) && this.#closing === undefined
        ? rejection(exit.cause, operation)
        : new StorageClosedError({ operation })
    })
  }
}
