/**
 * A session storage held in memory, for tests and local development. It behaves exactly
 * as the MongoDB layer does (same validation, expiry by Effect's `Clock`, same listing
 * order, store isolation, deep copies in and out, `StorageClosedError` once its scope has
 * closed), so the same behaviour suite runs against both. Point operations are O(1);
 * listing a store is proportional to that store's sessions. Nothing survives the scope.
 *
 * @since 0.1.0
 */
import type { Scope } from "effect"
import { Clock, Effect, Either, Layer, Option, Stream } from "effect"
import { StorageClosedError } from "../errors/SessionStorageError.js"
import type { SessionStorageOperation, ValidationError } from "../errors/SessionStorageError.js"
import { copyData } from "../internal/copyData.js"
import { compareSessions, createdAtBefore, isExpired } from "../internal/rules.js"
import { decodeStorageOptions } from "../internal/storageOptions.js"
import type { ValidFindArguments } from "../internal/validation.js"
import { makeValidators } from "../internal/validation.js"
import type { Session } from "../schema/Session.js"
import { SessionStorage } from "../services/SessionStorage.js"
import type { Service } from "../services/SessionStorage.js"

/**
 * Options of the in-memory storage.
 *
 * @since 0.1.0
 * @category models
 */
export interface InMemorySessionStorageOptions {
  /** The largest `data` accepted, in bytes as encoded in BSON. Default: 1 MiB. */
  readonly maxDataBytes?: number | undefined
}

/** A fresh copy of a stored session: callers never hold the storage's own objects. */
const copySession = (session: Session): Session => ({
  id: session.id,
  store: session.store,
  ...(session.userId === undefined ? {} : { userId: session.userId }),
  ...(session.data === undefined ? {} : { data: copyData(session.data) }),
  ...(session.expiresAt === undefined ? {} : { expiresAt: new Date(session.expiresAt.getTime()) }),
  createdAt: new Date(session.createdAt.getTime()),
  updatedAt: new Date(session.updatedAt.getTime())
})

/**
 * Makes an empty in-memory storage that lives as long as the scope: when the scope
 * closes, its sessions are dropped and every later call fails with `StorageClosedError`.
 * Fails with `ValidationError` when an option is invalid.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: InMemorySessionStorageOptions = {}
): Effect.Effect<Service, ValidationError, Scope.Scope> =>
  Effect.flatMap(decodeStorageOptions(options), ({ maxDataBytes }) => {
    const validate = makeValidators(maxDataBytes)
    /** store -> id -> session. Expired sessions are evicted when met. */
    const stores = new Map<string, Map<string, Session>>()
    let closed = false

    /** `effect`, or `StorageClosedError` once the scope has closed: checked first, as the MongoDB layer does. */
    const whenOpen = <A, E>(
      operation: SessionStorageOperation,
      effect: Effect.Effect<A, E>
    ): Effect.Effect<A, E | StorageClosedError> =>
      Effect.suspend((): Effect.Effect<A, E | StorageClosedError> =>
        closed ? Effect.fail(new StorageClosedError({ operation })) : effect
      )

    /** `f` applied to the `Clock`'s time. */
    const atNow = <A>(f: (now: number) => A): Effect.Effect<A> => Effect.map(Clock.currentTimeMillis, f)

    const live = (store: string, id: string, now: number): Session | undefined => {
      const sessions = stores.get(store)
      const session = sessions?.get(id)
      if (session === undefined || !isExpired(session.expiresAt, now)) return session
      remove(store, id)
      return undefined
    }

    const remove = (store: string, id: string): void => {
      const sessions = stores.get(store)
      if (sessions === undefined) return
      sessions.delete(id)
      if (sessions.size === 0) stores.delete(store)
    }

    const find = ({ limit, offset, store, userId }: ValidFindArguments, now: number): Array<Session> => {
      const sessions = stores.get(store)
      if (sessions === undefined) return []
      const matching: Array<Session> = []
      for (const session of sessions.values()) {
        if (isExpired(session.expiresAt, now)) remove(store, session.id)
        else if (userId === undefined || session.userId === userId) matching.push(session)
      }
      matching.sort(compareSessions)
      return matching.slice(offset, limit === undefined ? undefined : offset + limit).map(copySession)
    }

    const service = SessionStorage.of({
      storeSession: (store, input) =>
        whenOpen(
          "storeSession",
          Effect.flatMap(validate.storeSession(store, input), ({ session, store }) =>
            atNow((now) => {
              const newer = stores.get(store)?.get(session.id)
              const superseded = newer !== undefined && newer.updatedAt.getTime() > now
              const previous = superseded ? undefined : live(store, session.id, now)
              const stored: Session = {
                id: session.id,
                store,
                ...(session.userId === undefined ? {} : { userId: session.userId }),
                // Validation already made `data` a private copy.
                ...(session.data === undefined ? {} : { data: session.data }),
                ...(session.expiresAt === undefined ? {} : { expiresAt: new Date(session.expiresAt.getTime()) }),
                createdAt: superseded ? createdAtBefore(newer, now) : previous?.createdAt ?? new Date(now),
                updatedAt: new Date(now)
              }
              // Writes are ordered by `updatedAt`, as in MongoDB: one older than the stored session changes nothing.
              if (superseded) return copySession(stored)
              let sessions = stores.get(store)
              if (sessions === undefined) stores.set(store, sessions = new Map())
              sessions.set(session.id, stored)
              return copySession(stored)
            }))
        ),

      loadSession: (store, id) => {
        const key = validate.loadSession(store, id)
        return whenOpen(
          "loadSession",
          Either.isLeft(key) ? Effect.fail(key.left) : atNow((now) => {
            const session = live(key.right.store, key.right.id, now)
            return session === undefined ? Option.none() : Option.some(copySession(session))
          })
        )
      },

      deleteSession: (store, id) =>
        whenOpen(
          "deleteSession",
          Effect.flatMap(validate.deleteSession(store, id), (key) =>
            atNow((now) => {
              const found = live(key.store, key.id, now) !== undefined
              remove(key.store, key.id)
              return found
            }))
        ),

      deleteSessions: (store, ids) =>
        whenOpen(
          "deleteSessions",
          Effect.flatMap(validate.deleteSessions(store, ids), (valid) =>
            atNow((now) => {
              let deleted = 0
              for (const id of new Set(valid.ids)) {
                if (live(valid.store, id, now) !== undefined) deleted++
                remove(valid.store, id)
              }
              return deleted
            }))
        ),

      findSessionsByStore: (store, options) =>
        whenOpen(
          "findSessionsByStore",
          Effect.flatMap(validate.findSessionsByStore(store, options), (valid) => atNow((now) => find(valid, now)))
        ),

      streamSessionsByStore: (store, options) =>
        Stream.fromIterableEffect(
          whenOpen(
            "streamSessionsByStore",
            Effect.flatMap(validate.streamSessionsByStore(store, options), (valid) => atNow((now) => find(valid, now)))
          )
        ),

      ensureIndex: whenOpen("ensureIndex", Effect.void)
    })
    return Effect.as(
      Effect.addFinalizer(() =>
        Effect.sync(() => {
          closed = true
          stores.clear()
        })
      ),
      service
    )
  })

/**
 * A layer with a fresh, empty in-memory storage each time it is built.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: InMemorySessionStorageOptions = {}): Layer.Layer<SessionStorage, ValidationError> =>
  Layer.scoped(SessionStorage, make(options))
