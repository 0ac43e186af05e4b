/**
 * `storeSession` against MongoDB: one `findOneAndUpdate` upsert in the common case.
 *
 * Writes of one session are ordered by their `updatedAt` (the writer's `Clock`): the
 * upsert only matches a *live* session whose `updatedAt` is not newer than its own.
 * When it matches nothing, the insert meets a duplicate key, and one of three things
 * holds the `_id`:
 *
 * - an expired session, not yet removed by TTL or the sweeper: it is replaced by a new
 *   session (fresh `createdAt`);
 * - a newer write, which reached the server first: this write is superseded, as if it
 *   had happened just before the newer one; it resolves and changes nothing;
 * - nothing any more (a concurrent delete), or a concurrent first write of the same key:
 *   the next attempt decides again.
 *
 * A duplicate key from a unique index of the application's surfaces, with the server's
 * reason, once the attempts are spent.
 *
 * @internal
 */
import { Effect } from "effect"
import type { Collection, UpdateFilter } from "mongodb"
import { OperationError } from "../../errors/SessionStorageError.js"
import type { Session } from "../../schema/Session.js"
import { encodeData } from "../dataEncoding.js"
import { createdAtBefore } from "../rules.js"
import type { ValidSessionInput } from "../validation.js"
import type { Command, CommandError } from "./command.js"
import type { SessionDocument } from "./document.js"
import { sessionKey } from "./document.js"
import { fromDriverError, isDuplicateKey } from "./driverErrors.js"

/** Matches sessions that are live at `now`: no `expiresAt`, or one after `now`. */
export const liveAt = (now: Date) => ({ expiresAt: { $not: { $lte: now } } })

/** Matches sessions last written at or before `now`, which a write at `now` may replace. */
const notNewerThan = (now: Date) => ({ updatedAt: { $lte: now } })

/** How many times a duplicate key is met before it is reported. */
const MAX_ATTEMPTS = 5

const managedFields = ["userId", "data", "expiresAt"] as const

/** A duplicate-key refusal, kept as a value so that the next attempt can decide. */
class Duplicate {
  constructor(readonly error: unknown) {}
}

const duplicateAsValue = async <A>(promise: Promise<A>): Promise<A | Duplicate> => {
  try {
    return await promise
  } catch (error) {
    if (isDuplicateKey(error)) return new Duplicate(error)
    throw error
  }
}

/** The session as stored, built from the validated input (a fresh copy for the caller). */
const storedSession = (store: string, input: ValidSessionInput, createdAt: Date, updatedAt: Date): Session => ({
  id: input.id,
  store,
  ...(input.userId === undefined ? {} : { userId: input.userId }),
  ...(input.data === undefined ? {} : { data: input.data }), // a private copy since validation
  ...(input.expiresAt === undefined ? {} : { expiresAt: new Date(input.expiresAt.getTime()) }),
  createdAt,
  updatedAt
})

/** Stores `input` in `store` at `now`; succeeds with the session as stored. */
export const upsertSession = (
  command: Command,
  collection: Collection<SessionDocument>,
  store: string,
  input: ValidSessionInput,
  now: Date
): Effect.Effect<Session, CommandError> => {
  const key = { _id: sessionKey(store, input.id), store, id: input.id }
  const fields: Partial<SessionDocument> = {
    ...(input.userId === undefined ? {} : { userId: input.userId }),
    ...(input.data === undefined ? {} : { data: encodeData(input.data) }),
    ...(input.expiresAt === undefined ? {} : { expiresAt: input.expiresAt })
  }
  const absent = managedFields.filter((field) => !(field in fields))
  const update: UpdateFilter<SessionDocument> = {
    $set: { ...fields, updatedAt: now },
    $setOnInsert: { createdAt: now },
    ...(absent.length === 0 ? {} : { $unset: Object.fromEntries(absent.map((field) => [field, ""])) })
  }

  const updateLive = Effect.flatMap(
    command(
      "storeSession",
      () =>
        duplicateAsValue(collection.findOneAndUpdate({ ...key, ...liveAt(now), ...notNewerThan(now) }, update, {
          upsert: true,
          returnDocument: "after",
          includeResultMetadata: false
        }))
    ),
    (result): Effect.Effect<Session | Duplicate, OperationError> =>
      result instanceof Duplicate
        ? Effect.succeed(result)
        : result?.createdAt instanceof Date
        ? Effect.succeed(storedSession(store, input, result.createdAt, now))
        : Effect.fail(new OperationError({ operation: "storeSession", reason: "the upsert returned no session" }))
  )

  const replaceExpired = (duplicate: Duplicate): Effect.Effect<Session | Duplicate, CommandError> =>
    Effect.map(
      command("storeSession", () =>
        collection.replaceOne(
          { ...key, expiresAt: { $lte: now }, ...notNewerThan(now) },
          { store, id: input.id, ...fields, createdAt: now, updatedAt: now }
        )),
      (result) => result.matchedCount === 1 ? storedSession(store, input, now, now) : duplicate
    )

  const supersededBy = (duplicate: Duplicate): Effect.Effect<Session | Duplicate, CommandError> =>
    Effect.map(
      command("storeSession", () =>
        collection.findOne(key, { projection: { createdAt: 1, expiresAt: 1, updatedAt: 1 } })),
      (newer) =>
        newer !== null && newer.updatedAt > now
          ? storedSession(store, input, createdAtBefore(newer, now.getTime()), now)
          : duplicate
    )

  const attempt: Effect.Effect<Session | Duplicate, CommandError> = updateLive.pipe(
    Effect.flatMap((result) => (result instanceof Duplicate ? replaceExpired(result) : Effect.succeed(result))),
    Effect.flatMap((result) => (result instanceof Duplicate ? supersededBy(result) : Effect.succeed(result)))
  )

  return attempt.pipe(
    Effect.repeat({ until: (result) => !(result instanceof Duplicate), times: MAX_ATTEMPTS - 1 }),
    Effect.flatMap((result) =>
      result instanceof Duplicate ? Effect.fail(fromDriverError("storeSession")(result.error)) : Effect.succeed(result)
    )
  )
}
