/**
 * The indexes of the sessions collection, and how expired sessions are removed.
 *
 * | name | keys | serves |
 * | --- | --- | --- |
 * | `_id_` | `{ _id: 1 }` | every point operation; uniqueness of `(store, id)` |
 * | `store_1_createdAt_1_id_1` | `{ store: 1, createdAt: 1, id: 1 }` | listing a store in order |
 * | `store_1_userId_1_createdAt_1_id_1` | `{ store: 1, userId: 1, createdAt: 1, id: 1 }` | listing a user's sessions in order |
 * | `expiresAt_1` | `{ expiresAt: 1 }` | TTL removal (`expireAfterSeconds: 0`), or the sweeper's deletes |
 *
 * @internal
 */
import { Effect } from "effect"
import type { Collection, CreateIndexesOptions, IndexSpecification } from "mongodb"
import type { ConnectionError, StorageClosedError } from "../../errors/SessionStorageError.js"
import { IndexConflictError, OperationError } from "../../errors/SessionStorageError.js"
import type { Command } from "./command.js"

/**
 * How expired sessions are removed from the server (readers never see them either way).
 *
 * - `auto`: a TTL index when the server supports one, otherwise the sweeper.
 * - `ttl-index`: a TTL index; fails when the server does not support TTL indexes.
 * - `sweep`: a fiber deletes expired sessions every `sweepInterval`.
 * - `none`: nothing is removed; expired sessions are only hidden.
 */
export type ExpiryMode = "auto" | "ttl-index" | "sweep" | "none"

/** What `auto` resolves to. */
export type ExpiryPlan = Exclude<ExpiryMode, "auto">

/** The names of the indexes this library creates. */
export const INDEX_NAMES = {
  byStore: "store_1_createdAt_1_id_1",
  byUser: "store_1_userId_1_createdAt_1_id_1",
  expiry: "expiresAt_1"
} as const

interface IndexDefinition {
  readonly name: string
  readonly keys: IndexSpecification
  readonly options: CreateIndexesOptions
}

const listingIndexes: ReadonlyArray<IndexDefinition> = [
  { name: INDEX_NAMES.byStore, keys: { store: 1, createdAt: 1, id: 1 }, options: {} },
  { name: INDEX_NAMES.byUser, keys: { store: 1, userId: 1, createdAt: 1, id: 1 }, options: {} }
]

const ttlIndex: IndexDefinition = {
  name: INDEX_NAMES.expiry,
  keys: { expiresAt: 1 },
  options: { expireAfterSeconds: 0 }
}
const sweepIndex: IndexDefinition = { name: INDEX_NAMES.expiry, keys: { expiresAt: 1 }, options: {} }

/** Server codes meaning "this server has no TTL indexes". */
const ttlUnsupported = new Set([115, 197, 238])
/** Server codes meaning "an index with this name or these keys exists with other options". */
const conflict = new Set([85, 86])

type IndexError = ConnectionError | OperationError | IndexConflictError | StorageClosedError

const hasCode = (codes: ReadonlySet<number>) => (error: IndexError): boolean =>
  error._tag === "OperationError" && error.code !== undefined && codes.has(error.code)

const isConflict = hasCode(conflict)
const isTtlUnsupported = hasCode(ttlUnsupported)

interface ExistingIndex {
  readonly name?: unknown
  readonly key?: unknown
  readonly expireAfterSeconds?: unknown
}

const sameKeys = (a: unknown, b: IndexSpecification): boolean => JSON.stringify(a) === JSON.stringify(b)

/** Says how to get the index out of the way; the library itself never drops one. */
const fixFor = (collection: string, wanted: IndexDefinition, existing: ExistingIndex | undefined): string => {
  const name = typeof existing?.name === "string" ? existing.name : wanted.name
  const drop = `drop it yourself with db.${collection}.dropIndex(${JSON.stringify(name)})`
  const keep = wanted === ttlIndex
    ? `or keep it and use expiry: "sweep"`
    : wanted === sweepIndex && existing?.expireAfterSeconds !== undefined
    ? `or keep it (it is a TTL index) and use expiry: "ttl-index"`
    : `or use another collectionName`
  return `This library never drops an index: ${drop}, ${keep}.`
}

/** The index in the way of `wanted`: the one with its name, or else the one with its keys. */
const findExisting = (command: Command, collection: Collection<any>, wanted: IndexDefinition) =>
  command("ensureIndex", () => collection.listIndexes().toArray()).pipe(
    Effect.map((indexes: ReadonlyArray<ExistingIndex>) =>
      indexes.find((index) => index.name === wanted.name) ?? indexes.find((index) => sameKeys(index.key, wanted.keys))
    ),
    Effect.orElseSucceed(() => undefined)
  )

const create = (command: Command, collection: Collection<any>, index: IndexDefinition) =>
  Effect.asVoid(
    command("ensureIndex", () => collection.createIndex(index.keys, { ...index.options, name: index.name }))
  ).pipe(Effect.catchIf(isConflict, (error) =>
    Effect.flatMap(findExisting(command, collection, index), (existing) =>
      Effect.fail(
        new IndexConflictError({
          collection: collection.collectionName,
          index: index.name,
          reason: (error as OperationError).reason,
          fix: fixFor(collection.collectionName, index, existing)
        })
      ))))

/**
 * Creates the listing indexes and the expiry index of `mode`, and says how expired
 * sessions will be removed. Idempotent: indexes that exist as specified are left as
 * they are.
 */
export const ensureIndexes = (
  command: Command,
  collection: Collection<any>,
  mode: ExpiryMode
): Effect.Effect<ExpiryPlan, IndexError> =>
  Effect.gen(function*() {
    for (const index of listingIndexes) yield* create(command, collection, index)
    switch (mode) {
      case "none":
        return "none"
      case "sweep":
        yield* create(command, collection, sweepIndex)
        return "sweep"
      case "ttl-index":
        yield* create(command, collection, ttlIndex).pipe(Effect.mapError((error) =>
          isTtlUnsupported(error)
            ? new OperationError({
              operation: "ensureIndex",
              code: (error as OperationError).code,
              codeName: (error as OperationError).codeName,
              reason: `this server does not support TTL indexes (${
                (error as OperationError).reason
              }); use expiry: "auto" or "sweep" to delete expired sessions with a sweeper instead`
            })
            : error
        ))
        return "ttl-index"
      case "auto":
        return yield* create(command, collection, ttlIndex).pipe(
          Effect.as<ExpiryPlan>("ttl-index"),
          Effect.catchIf(isTtlUnsupported, (error) =>
            Effect.logWarning(
              `MongoSessionStorage: the server refused a TTL index on "${collection.collectionName}" (${error.message}); expired sessions will be deleted by a sweeper instead`
            ).pipe(Effect.zipRight(create(command, collection, sweepIndex)), Effect.as<ExpiryPlan>("sweep")))
        )
    }
  })
