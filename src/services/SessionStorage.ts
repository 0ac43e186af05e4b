/**
 * The session storage service: what an Effect program asks for to store, load, list and
 * delete sessions. Provide it with `MongoSessionStorage.layer` in production or
 * `InMemorySessionStorage.layer` in tests.
 *
 * @since 0.1.0
 */
import type { Option } from "effect"
import { Context, Effect, Stream } from "effect"
import type { SessionStorageError } from "../errors/SessionStorageError.js"
import type { FindSessionsOptions } from "../schema/FindSessionsOptions.js"
import type { Session, SessionInput } from "../schema/Session.js"

/**
 * The operations of a session storage. Every argument is validated before any I/O: a
 * rejected call fails with `ValidationError` and changes nothing. A session whose
 * `expiresAt` has passed (by Effect's `Clock`) is gone for every operation at once,
 * whether or not the server has removed it yet.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Stores or replaces the session `session.id` of `store`. On replace, `createdAt` is
   * kept and the other fields are those given (a field left out is removed).
   * Succeeds with the session as stored.
   */
  readonly storeSession: (store: string, session: SessionInput) => Effect.Effect<Session, SessionStorageError>
  /** The live session `id` of `store`, or `None` when it is missing or expired. */
  readonly loadSession: (store: string, id: string) => Effect.Effect<Option.Option<Session>, SessionStorageError>
  /** Deletes one session; succeeds with whether a live session was deleted. */
  readonly deleteSession: (store: string, id: string) => Effect.Effect<boolean, SessionStorageError>
  /** Deletes the sessions `ids` of `store` in one operation; succeeds with how many live ones were deleted. */
  readonly deleteSessions: (store: string, ids: ReadonlyArray<string>) => Effect.Effect<number, SessionStorageError>
  /** The live sessions of `store`, oldest first (`createdAt`, then `id`), paged by `limit`/`offset`. */
  readonly findSessionsByStore: (
    store: string,
    options?: FindSessionsOptions
  ) => Effect.Effect<Array<Session>, SessionStorageError>
  /** What `findSessionsByStore` returns, as a stream read in bounded batches. */
  readonly streamSessionsByStore: (
    store: string,
    options?: FindSessionsOptions
  ) => Stream.Stream<Session, SessionStorageError>
  /** Creates the storage's indexes when they are missing. Idempotent. */
  readonly ensureIndex: Effect.Effect<void, SessionStorageError>
}

/**
 * The tag of the session storage service.
 *
 * @since 0.1.0
 * @category tags
 */
export class SessionStorage extends Context.Tag("@qumra/app-session-storage-mongodb/SessionStorage")<
  SessionStorage,
  Service
>() {}

/**
 * Accessors: `SessionStorage.loadSession(store, id)` and friends, for programs that
 * would otherwise write `Effect.flatMap(SessionStorage.SessionStorage, ...)`.
 *
 * @since 0.1.0
 * @category accessors
 */
export const { deleteSession, deleteSessions, findSessionsByStore, loadSession, storeSession } = Effect
  .serviceFunctions(SessionStorage)

/**
 * Accessor of {@link Service.ensureIndex}.
 *
 * @since 0.1.0
 * @category accessors
 */
export const ensureIndex: Effect.Effect<void, SessionStorageError, SessionStorage> = Effect.flatMap(
  SessionStorage,
  (storage) => storage.ensureIndex
)

/**
 * Accessor of {@link Service.streamSessionsByStore}.
 *
 * @since 0.1.0
 * @category accessors
 */
export const streamSessionsByStore = (
  store: string,
  options?: FindSessionsOptions
): Stream.Stream<Session, SessionStorageError, SessionStorage> =>
  Stream.unwrap(Effect.map(SessionStorage, (storage) => storage.streamSessionsByStore(store, options)))
