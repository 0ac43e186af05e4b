/**
 * A connected MongoDB database, shared by every service that needs one. Provide it with
 * `MongoDatabase.layer` (a client this library owns and closes) or `MongoDatabase.fromDb`
 * (a `Db` your application owns and closes).
 *
 * @since 0.1.0
 */
import { Context } from "effect"
import type { Db } from "mongodb"

/**
 * The connected database.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly db: Db
}

/**
 * The tag of the connected database.
 *
 * @since 0.1.0
 * @category tags
 */
export class MongoDatabase extends Context.Tag("@qumra/app-session-storage-mongodb/MongoDatabase")<
  MongoDatabase,
  Service
>() {}
