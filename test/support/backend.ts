/**
 * Picks the MongoDB-wire-protocol server the tests run against:
 * `MONGODB_URI`, else mongodb-memory-server (a real mongod), else FerretDB 1.24.2
 * on SQLite. `TEST_MONGO_BACKEND=uri|memory-server|ferretdb|mongo-java-server` forces one.
 * mongo-java-server is never picked on its own: it stands in only for the tests that need
 * atomic single-document writes when the run's server is FerretDB (see `atomicBackend`).
 */
import { findFerretdb, startFerretdb } from "./ferretdb.js"
import { startMemoryServer } from "./memoryServer.js"
import { startMongoJavaServer } from "./mongoJavaServer.js"
import { describeBackend, errorMessage, probeServer, redactUri } from "./serverInfo.js"

/** The ways of getting a test server, in the order they are tried. */
export type BackendName = "uri" | "memory-server" | "ferretdb" | "mongo-java-server"

const backendNames: ReadonlyArray<BackendName> = ["uri", "memory-server", "ferretdb", "mongo-java-server"]

/** A running test server and the means to stop it. */
export interface MongoBackend {
  readonly name: BackendName
  /** Connection string the tests use. */
  readonly uri: string
  /** Human-readable server version. */
  readonly version: string
  /**
   * Whether the server runs each single-document write atomically, as MongoDB does
   * (a conditional `findAndModify` cannot interleave with another write of that document).
   * FerretDB 1.x does not: it reads, then writes.
   */
  readonly atomicWrites: boolean
  /** The line printed at the start of the run (credentials redacted). */
  readonly description: string
  /**
   * Stops the server process abruptly (SIGKILL for FerretDB, like a crash; mongod is stopped)
   * but keeps its data so {@link MongoBackend.restart} brings the same data back on the same
   * port. Throws for "uri", where the test run owns no process.
   */
  readonly kill: () => Promise<void>
  /** Starts the killed server again on the same port with the same data (kills it first if it runs). */
  readonly restart: () => Promise<void>
  /** Final stop and cleanup of processes and temp dirs. */
  readonly stop: () => Promise<void>
}

const howToGetOne = [
  "Ways to get a MongoDB test server:",
  "  1. set MONGODB_URI to any MongoDB-compatible server;",
  "  2. install mongod (on PATH, or MONGOMS_SYSTEM_BINARY=/path/to/mongod) for mongodb-memory-server;",
  "  3. install Go so FerretDB 1.24.2 can be built, or put a ferretdb v1.24.x binary on PATH or in FERRETDB_BIN."
].join("\n")

const javaServerHint = [
  "mongo-java-server needs a JDK 17 or newer (java, javac) and Maven 3 (mvn) on PATH, and Maven Central",
  "reachable through Maven's settings the first time (its jars are then cached in node_modules/.cache)."
].join("\n")

const notOwned = (what: string) => () =>
  Promise.reject(
    new Error(`${what}() needs a server process owned by the test run; MONGODB_URI points at an external one`)
  )

const startUri = async (): Promise<MongoBackend> => {
  const uri = process.env["MONGODB_URI"]
  if (uri === undefined || uri === "") throw new Error("MONGODB_URI is not set")
  const info = await probeServer(uri, 10_000).catch((error: unknown) => {
    throw new Error(`MONGODB_URI=${redactUri(uri)} does not answer ping: ${errorMessage(error)}`)
  })
  return {
    name: "uri",
    uri,
    version: info.ferretdbVersion === undefined ? info.mongoVersion : `FerretDB ${info.ferretdbVersion}`,
    atomicWrites: info.ferretdbVersion === undefined,
    description: describeBackend("uri", info, uri),
    kill: notOwned("kill"),
    restart: notOwned("restart"),
    stop: () => Promise.resolve()
  }
}

const starters: Record<BackendName, () => Promise<MongoBackend>> = {
  "uri": startUri,
  "memory-server": startMemoryServer,
  "ferretdb": async () => startFerretdb(await findFerretdb()),
  "mongo-java-server": startMongoJavaServer
}

/**
 * Starts the first backend that works, or only `only` (default: `TEST_MONGO_BACKEND`), and
 * describes it. Each call starts a server of its own; the test run's shared one comes from
 * `globalSetup.ts`.
 */
export const startBackend = async (only?: BackendName): Promise<MongoBackend> => {
  const forced = only ?? process.env["TEST_MONGO_BACKEND"]
  if (forced !== undefined && forced !== "") {
    const name = backendNames.find((candidate) => candidate === forced)
    if (name === undefined) {
      throw new Error(`TEST_MONGO_BACKEND=${forced} is not one of ${backendNames.join(", ")}`)
    }
    try {
      return await starters[name]()
    } catch (error) {
      const asked = only === undefined ? `TEST_MONGO_BACKEND=${name}` : name
      const hint = name === "mongo-java-server" ? javaServerHint : howToGetOne
      throw new Error(`${asked} was requested but failed: ${errorMessage(error)}\n${hint}`)
    }
  }
  const uri = process.env["MONGODB_URI"]
  if (uri !== undefined && uri !== "") return startUri()
  const failures: Array<string> = []
  for (const name of ["memory-server", "ferretdb"] as const) {
    const started = Date.now()
    try {
      return await starters[name]()
    } catch (error) {
      const failure = `${name} failed after ${Date.now() - started} ms: ${errorMessage(error)}`
      console.error(`MongoDB test backend: ${failure}`)
      failures.push(`  ${failure}`)
    }
  }
  throw new Error(`No MongoDB test server could be started.\n${failures.join("\n")}\n${howToGetOne}`)
}
