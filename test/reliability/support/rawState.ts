/**
 * What the server and the process hold, captured so that a test can say "nothing
 * changed": the raw documents of a collection as canonical Extended JSON, and the
 * properties of the built-in prototypes.
 */
import { Effect } from "effect"
import type { Db } from "mongodb"
import { BSON } from "mongodb"

/**
 * Every document of the collection, sorted by `_id`, as canonical Extended JSON: two
 * snapshots are equal exactly when the collection holds the same bytes-worth of data
 * (types included: an int32 and a double differ).
 */
export const rawSnapshot = (db: Db, collection: string): Effect.Effect<string> =>
  Effect.promise(() => db.collection(collection).find({}).sort({ _id: 1 }).toArray()).pipe(
    Effect.map((documents) => BSON.EJSON.stringify(documents, { relaxed: false }))
  )

/** Names that hostile payloads try to plant on `Object.prototype`. */
export const pollutionProbes = [
  "polluted",
  "isAdmin",
  "$ne",
  "$gt",
  "limit",
  "offset",
  "userId",
  "store",
  "collectionName",
  "data"
] as const

/** The own properties of the prototypes an attack could pollute, and what a fresh object inherits. */
export const prototypeSnapshot = (): string =>
  JSON.stringify({
    object: Object.getOwnPropertyNames(Object.prototype).sort(),
    array: Object.getOwnPropertyNames(Array.prototype).sort(),
    function: Object.getOwnPropertyNames(Function.prototype).sort(),
    enumerable: Object.keys(Object.prototype),
    inherited: pollutionProbes.filter((probe) => (({}) as Record<string, unknown>)[probe] !== undefined)
  })
