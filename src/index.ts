/**
 * @qumra/app-session-storage-mongodb: sessions of Qumra apps in MongoDB, as an Effect
 * service with a MongoDB layer and an in-memory layer, and as a promise API
 * (`MongoDBSessionStorage`) for ordinary async code.
 *
 * @since 0.1.0
 */

/**
 * The `SessionStorage` service: its tag, interface and accessors.
 *
 * @since 0.1.0
 */
export * as SessionStorage from "./services/SessionStorage.js"

/**
 * The `MongoDatabase` service (a connected `Db`) and its layers.
 *
 * @since 0.1.0
 */
export * as MongoDatabase from "./layers/MongoDatabase.js"

/**
 * The MongoDB session storage layer.
 *
 * @since 0.1.0
 */
export * as MongoSessionStorage from "./layers/MongoSessionStorage.js"

/**
 * The in-memory layer, for tests and local development.
 *
 * @since 0.1.0
 */
export * as InMemorySessionStorage from "./layers/InMemorySessionStorage.js"

export * from "./errors/SessionStorageError.js"
export * from "./schema/FindSessionsOptions.js"
export * from "./schema/Identifiers.js"
export * from "./schema/Session.js"
export * from "./schema/SessionData.js"

export {
  /**
   * The promise API.
   *
   * @since 0.1.0
   */
  MongoDBSessionStorage
} from "./promise-facade.js"
export type { MongoDBSessionStorageDbOptions, MongoDBSessionStorageOptions } from "./promise-facade.js"
