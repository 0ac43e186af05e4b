/**
 * The sweeper: a fiber in the layer's scope that deletes expired sessions every
 * interval, for servers without TTL indexes. It stops when the scope closes; a failed
 * sweep is logged and the next one runs on time.
 *
 * @internal
 */
import type { Duration, Scope } from "effect"
import type { Fiber } from "effect"
import { Clock, Effect, Schedule } from "effect"
import type { Collection } from "mongodb"
import type { Command } from "./command.js"

/** Deletes every session whose `expiresAt` is at or before now; succeeds with how many. */
export const sweepOnce = (command: Command, collection: Collection<any>) =>
  Effect.flatMap(Clock.currentTimeMillis, (now) =>
    Effect.map(
      command("sweep", () => collection.deleteMany({ expiresAt: { $lte: new Date(now) } })),
      (result) => result.deletedCount
    )).pipe(
      Effect.tap((deleted) => Effect.logDebug(`MongoSessionStorage: swept ${deleted} expired session(s)`)),
      Effect.withSpan("SessionStorage.sweep", {
        kind: "client",
        attributes: {
          "db.system.name": "mongodb",
          "db.namespace": collection.dbName,
          "db.collection.name": collection.collectionName,
          "db.operation.name": "delete"
        }
      })
    )

/** Starts the sweeper in the current scope: a sweep now, then one every `interval`. */
export const startSweeper = (
  command: Command,
  collection: Collection<any>,
  interval: Duration.DurationInput
): Effect.Effect<Fiber.RuntimeFiber<number>, never, Scope.Scope> =>
  sweepOnce(command, collection).pipe(
    Effect.catchAll((error) => Effect.logWarning(`MongoSessionStorage: a sweep failed: ${error.message}`)),
    Effect.repeat(Schedule.spaced(interval)),
    Effect.forkScoped
  )
