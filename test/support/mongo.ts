/**
 * Helpers for test files: a database of their own on the run's test server,
 * dropped when the file is done.
 */
import { type Db, MongoClient } from "mongodb"
import { randomBytes } from "node:crypto"
import { basename } from "node:path"
import { afterAll, beforeAll, inject } from "vitest"
import { type MongoBackend, startBackend } from "./backend.js"

/**
 * A database name unique to a test file and run, like `t_session_store_3f9a1c2b`:
 * only `[a-z0-9_]`, at most 38 characters (FerretDB/SQLite keep one file per database).
 */
export const testDatabaseName = (fileUrlOrName: string): string => {
  const stem = basename(fileUrlOrName)
    .replace(/\.(test|spec)\.[cm]?[jt]sx?$|\.[cm]?[jt]sx?$/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 27)
    .replace(/_+$/, "")
  return `t_${stem || "db"}_${randomBytes(4).toString("hex")}`
}

/** Access to a test file's own database; valid between its `beforeAll` and `afterAll`. */
export interface TestDatabase {
  /** The database name (see {@link testDatabaseName}). */
  readonly name: string
  /** Connection string of the run's test server. */
  readonly uri: string
  /** The connected client. */
  readonly client: () => MongoClient
  /** The test file's database. */
  readonly db: () => Db
}

/**
 * Registers `beforeAll`/`afterAll` hooks that connect a `MongoClient` to the run's
 * test server and drop the file's database afterwards. Call at the top of a test file:
 * `const mongo = useTestDatabase(import.meta.url)`, then `mongo.db()` in tests.
 */
export const useTestDatabase = (fileUrlOrName: string): TestDatabase => {
  const name = testDatabaseName(fileUrlOrName)
  const uri = inject("mongoUri")
  let current: MongoClient | undefined
  const client = (): MongoClient => {
    if (current === undefined) {
      throw new Error("useTestDatabase: the client is only there between beforeAll and afterAll")
    }
    return current
  }
  beforeAll(async () => {
    current = await new MongoClient(uri).connect()
  })
  afterAll(async () => {
    const connected = current
    current = undefined
    if (connected === undefined) return
    try {
      await connected.db(name).dropDatabase()
    } finally {
      await connected.close()
    }
  })
  return { name, uri, client, db: () => client().db(name) }
}

/** Same as {@link useTestDatabase}. */
export const withTestDatabase = useTestDatabase

/** A {@link TestDatabase} on a server of its own, and a description of that server. */
export interface OwnServerTestDatabase extends TestDatabase {
  /** One-line description of the server (no credentials). */
  readonly backend: string
}

/**
 * Like {@link useTestDatabase}, on a mongo-java-server started for the test file alone:
 * for the tests that FerretDB 1.x, the offline default, cannot run as MongoDB would
 * (its `findAndModify` reads, then writes; its point operations scan the collection).
 * mongo-java-server runs each collection's writes one at a time. Call it inside the
 * `describe` of the tests that need it: without Java and Maven its start fails, and so do
 * those tests, with the reason.
 */
export const useMongoJavaServer = (fileUrlOrName: string): OwnServerTestDatabase => {
  const name = testDatabaseName(fileUrlOrName)
  let server: MongoBackend | undefined
  let current: MongoClient | undefined
  const started = (): { server: MongoBackend; client: MongoClient } => {
    if (server === undefined || current === undefined) {
      throw new Error("useMongoJavaServer: the server is only there between beforeAll and afterAll")
    }
    return { server, client: current }
  }
  let starting: Promise<MongoBackend> | undefined
  beforeAll(async () => {
    starting = startBackend("mongo-java-server")
    server = await starting
    console.log(`${basename(fileUrlOrName)}: ${server.description}`)
    current = await new MongoClient(server.uri).connect()
  }, 10 * 60_000)
  afterAll(async () => {
    const [client, pending] = [current, starting]
    current = undefined
    server = undefined
    try {
      await client?.close()
    } finally {
      // Also a server whose start outlived beforeAll's timeout.
      await (await pending?.catch(() => undefined))?.stop()
    }
  })
  return {
    name,
    get uri() {
      return started().server.uri
    },
    get backend() {
      return started().server.description
    },
    client: () => started().client,
    db: () => started().client.db(name)
  }
}
