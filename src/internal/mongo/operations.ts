/**
 * The session operations over one MongoDB collection. Each one validates its input
 * before any I/O, reads time from Effect's `Clock` (an expired session is invisible at
 * once, whatever the server has removed yet), issues a single command, and runs in a
 * span named `SessionStorage.<operation>`.
 *
 * @internal
 */
import { Chunk, Clock, Effect, Option, Stream } from "effect"
import type { Collection, FindOptions } from "mongodb"
import type { SessionStorageOperation } from "../../errors/SessionStorageError.js"
import { OperationError, StorageClosedError } from "../../errors/SessionStorageError.js"
import type { Session } from "../../schema/Session.js"
import type { Service } from "../../services/SessionStorage.js"
import { SessionStorage } from "../../services/SessionStorage.js"
import { isExpired } from "../rules.js"
import type { ValidFindArguments } from "../validation.js"
import { makeValidators } from "../validation.js"
import type { Command, CommandError } from "./command.js"
import type { SessionDocument } from "./document.js"
import { fromDocument, sessionKey } from "./document.js"
import { fromDriverError } from "./driverErrors.js"
import type { ExpiryPlan } from "./indexes.js"
import { ensureIndexes } from "./indexes.js"
import { liveAt, upsertSession } from "./upsert.js"

/** What the operations need from the layer. */
export interface OperationsContext {
  readonly collection: Collection<SessionDocument>
  readonly command: Command
  readonly maxDataBytes: number
  readonly plan: ExpiryPlan
  readonly isClosed: () => boolean
}

/** The largest batch a cursor reads at once. */
const MAX_BATCH_SIZE = 1000

/** Builds the `SessionStorage` service over a collection. */
export const makeSessionOperations = (context: OperationsContext): Service => {
  const { collection, command } = context
  const validate = makeValidators(context.maxDataBytes)

  const spanOptions = (dbOperation: string) => ({
    kind: "client" as const,
    attributes: {
      "db.system.name": "mongodb",
      "db.namespace": collection.dbName,
      "db.collection.name": collection.collectionName,
      "db.operation.name": dbOperation
    }
  })

  const run = <A, E>(
    operation: SessionStorageOperation,
    dbOperation: string,
    effect: Effect.Effect<A, E>
  ): Effect.Effect<A, E | StorageClosedError> => {
    const span = spanOptions(dbOperation)
    const closed = Effect.fail(new StorageClosedError({ operation }))
    return Effect.withSpan(
      Effect.suspend((): Effect.Effect<A, E | StorageClosedError> => (context.isClosed() ? closed : effect)),
      `SessionStorage.${operation}`,
      span
    )
  }

  const withNow = <A, E>(f: (now: Date) => Effect.Effect<A, E>) =>
    Effect.flatMap(Clock.currentTimeMillis, (millis) => f(new Date(millis)))

  const notASession = (operation: SessionStorageOperation, document: SessionDocument) =>
    new OperationError({ operation, reason: `document ${String(document._id)} is not a session document` })

  const decode = (operation: SessionStorageOperation) => (document: SessionDocument) => {
    const session = fromDocument(document)
    return session === undefined ? Effect.fail(notASession(operation, document)) : Effect.succeed(session)
  }

  /** A whole batch in one step: a stream of 100,000 sessions then costs 100 Effects, not 100,000. */
  const decodeBatch = (operation: SessionStorageOperation) =>
  (
    documents: ReadonlyArray<SessionDocument>
  ): Effect.Effect<Chunk.Chunk<Session>, OperationError> => {
    const sessions = new Array<Session>(documents.length)
    for (let i = 0; i < documents.length; i++) {
      const document = documents[i]!
      const session = fromDocument(document)
      if (session === undefined) return Effect.fail(notASession(operation, document))
      sessions[i] = session
    }
    return Effect.succeed(Chunk.unsafeFromArray(sessions))
  }

  const findOptions = ({ limit, offset }: ValidFindArguments, batchSize: number): FindOptions => ({
    sort: { createdAt: 1, id: 1 },
    ...(offset === 0 ? {} : { skip: offset }),
    ...(limit === undefined ? {} : { limit }),
    batchSize
  })

  const findFilter = ({ store, userId }: ValidFindArguments, now: Date) => ({
    store,
    ...(userId === undefined ? {} : { userId }),
    ...liveAt(now)
  })

  const openCursor = (valid: ValidFindArguments, now: Date) =>
    collection.find(findFilter(valid, now), findOptions(valid, Math.min(valid.limit ?? MAX_BATCH_SIZE, MAX_BATCH_SIZE)))

  return SessionStorage.of({
    storeSession: (store, input) =>
      run(
        "storeSession",
        "findAndModify",
        Effect.flatMap(validate.storeSession(store, input), (valid) =>
          withNow((now) => upsertSession(command, collection, valid.store, valid.session, now)))
      ),

    loadSession: (store, id) =>
      run(
        "loadSession",
        "find",
        Effect.flatMap(validate.loadSession(store, id), (key) =>
          Effect.flatMap(
            command("loadSession", () => collection.findOne({ _id: sessionKey(key.store, key.id), ...key })),
            (document) =>
              document === null
                ? Effect.succeedNone
                : Effect.flatMap(decode("loadSession")(document), (session) =>
                  Effect.map(Clock.currentTimeMillis, (now) =>
                    isExpired(session.expiresAt, now) ? Option.none() : Option.some(session)))
          ))
      ),

    deleteSession: (store, id) =>
      run(
        "deleteSession",
        "delete",
        Effect.flatMap(validate.deleteSession(store, id), (key) =>
          withNow((now) =>
            Effect.map(
              command("deleteSession", () =>
                collection.deleteOne({ _id: sessionKey(key.store, key.id), ...key, ...liveAt(now) })),
              (result) =>
                result.deletedCount === 1
            )
          ))
      ),

    deleteSessions: (store, ids) =>
      run(
        "deleteSessions",
        "delete",
        Effect.flatMap(validate.deleteSessions(store, ids), (valid) =>
          valid.ids.length === 0
            ? Effect.succeed(0)
            : withNow((now) =>
              Effect.map(
                command("deleteSessions", () =>
                  collection.deleteMany({
                    _id: { $in: [...new Set(valid.ids)].map((id) => sessionKey(valid.store, id)) },
                    store: valid.store,
                    ...liveAt(now)
                  })),
                (result) => result.deletedCount
              )
            ))
      ),

    findSessionsByStore: (store, options) =>
      run(
        "findSessionsByStore",
        "find",
        Effect.flatMap(validate.findSessionsByStore(store, options), (valid) =>
          withNow((now) =>
            Effect.flatMap(
              command("findSessionsByStore", () =>
                collection.find(findFilter(valid, now), findOptions(valid, valid.limit ?? MAX_BATCH_SIZE)).toArray()),
              (documents) =>
                Effect.map(decodeBatch("findSessionsByStore")(documents), Chunk.toArray)
            )
          ))
      ),

    streamSessionsByStore: (store, options) =>
      Stream.unwrapScoped(Effect.gen(function*() {
        if (context.isClosed()) return yield* new StorageClosedError({ operation: "streamSessionsByStore" })
        const valid = yield* validate.streamSessionsByStore(store, options)
        const now = new Date(yield* Clock.currentTimeMillis)
        const cursor = yield* Effect.acquireRelease(
          Effect.sync(() => openCursor(valid, now)),
          (cursor) => Effect.ignore(Effect.tryPromise(() => cursor.close()))
        )
        const decodeSessions = decodeBatch("streamSessionsByStore")
        // Not retried: the driver closes a cursor whose `find`/`getMore` failed, and a
        // retried `hasNext()` on it would answer `false`, ending the stream early as if complete.
        // For the same reason a cursor closed with the storage's scope ends it with an error.
        type BatchError = Option.Option<CommandError | OperationError>
        const end = (): Effect.Effect<never, BatchError> =>
          Effect.fail(
            context.isClosed()
              ? Option.some(new StorageClosedError({ operation: "streamSessionsByStore" }))
              : Option.none()
          )
        const nextBatch = Effect.tryPromise({
          try: () => cursor.hasNext(),
          catch: (error): BatchError => Option.some(fromDriverError("streamSessionsByStore")(error))
        }).pipe(
          Effect.flatMap((hasNext): Effect.Effect<Chunk.Chunk<Session>, BatchError> =>
            hasNext ? Effect.mapError(decodeSessions(cursor.readBufferedDocuments()), Option.some) : end()
          )
        )
        return Stream.repeatEffectChunkOption(nextBatch)
      })).pipe(Stream.withSpan("SessionStorage.streamSessionsByStore", spanOptions("find"))),

    ensureIndex: run("ensureIndex", "createIndexes", Effect.asVoid(ensureIndexes(command, collection, context.plan)))
  })
}
