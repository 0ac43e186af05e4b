/**
 * A `Db` whose sessions collection holds back chosen writes until released, as a slow
 * network or a busy connection pool would: the write is issued first and reaches the
 * server last.
 */
import { Deferred, Effect } from "effect"
import type { Collection, Db, Document } from "mongodb"

/** The gate of held-back writes: `held` completes when one is waiting, `release` lets it through. */
export interface Gate {
  readonly held: Deferred.Deferred<void>
  readonly release: Deferred.Deferred<void>
}

export const makeGate: Effect.Effect<Gate> = Effect.zipWith(
  Deferred.make<void>(),
  Deferred.make<void>(),
  (held, release) => ({ held, release })
)

const bound = <T extends object>(target: T, property: PropertyKey): unknown => {
  const value: unknown = Reflect.get(target, property, target)
  return typeof value === "function" ? value.bind(target) : value
}

/** Whether an upsert writes `data` with `hold: true`. */
const isHeld = (update: unknown): boolean =>
  (update as { $set?: { data?: { hold?: unknown } } } | undefined)?.$set?.data?.hold === true

/**
 * `db`, except that `findOneAndUpdate` on any collection waits at `gate` when its
 * update sets `data.hold` to `true`.
 */
export const delayedDb = (db: Db, gate: Gate): Db => {
  const wrap = (collection: Collection<Document>): Collection<Document> =>
    new Proxy(collection, {
      get: (target, property) =>
        property === "findOneAndUpdate"
          ? async (filter: unknown, update: unknown, options: unknown) => {
            if (isHeld(update)) {
              await Effect.runPromise(Deferred.succeed(gate.held, undefined))
              await Effect.runPromise(Deferred.await(gate.release))
            }
            return (target.findOneAndUpdate as (...args: Array<unknown>) => unknown)(filter, update, options)
          }
          : bound(target, property)
    })
  return new Proxy(db, {
    get: (target, property) =>
      property === "collection"
        ? (name: string, options?: unknown) => wrap(target.collection(name, options as never))
        : bound(target, property)
  })
}
