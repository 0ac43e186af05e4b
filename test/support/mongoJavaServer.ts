/**
 * mongo-java-server 1.47 (in-memory backend) as a second, throwaway test server, for the
 * tests whose property needs each single-document write to be atomic: FerretDB 1.x runs
 * `findAndModify` as a read followed by a write, mongo-java-server serializes the writes to
 * a collection. Its dependencies come from Maven (`mongo-java-server/pom.xml`); the launcher
 * (`mongo-java-server/MongoJavaTestServer.java`) is compiled with `javac`. Both are cached
 * in `node_modules/.cache/mongo-java-server`, keyed by a hash of those two files.
 */
import { execFile } from "node:child_process"
import { createHash } from "node:crypto"
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from "node:fs/promises"
import { delimiter, join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import type { MongoBackend } from "./backend.js"
import { onPath } from "./serverInfo.js"
import { launchOnFreePort, serverProcess } from "./serverProcess.js"

const run = promisify(execFile)

/** The mongo-java-server release in `mongo-java-server/pom.xml`. */
export const MONGO_JAVA_SERVER_VERSION = "1.47.0"
const projectRoot = fileURLToPath(new URL("../../", import.meta.url))
const sourceDir = fileURLToPath(new URL("./mongo-java-server/", import.meta.url))
const sources = ["pom.xml", "MongoJavaTestServer.java"]
const cacheRoot = join(projectRoot, "node_modules", ".cache", "mongo-java-server")
/** The Java the launcher is compiled for: class files any Java 17 or newer runs, whichever `java` a run finds. */
const JAVAC_RELEASE = "17"

const required = async (command: string): Promise<string> => {
  const found = await onPath(command)
  if (found === undefined) {
    throw new Error(`mongo-java-server needs \`${command}\` on PATH (a JDK 17 or newer and Maven 3)`)
  }
  return found
}

const failure = (what: string, error: unknown): Error => {
  const { stderr, stdout } = error as { stderr?: unknown; stdout?: unknown }
  const output = [stdout, stderr].filter((s) => typeof s === "string" && s !== "").join("\n").slice(-4_000)
  return new Error(`${what} failed: ${output === "" ? String(error) : output}`)
}

/**
 * The directory holding `lib/*.jar` and the compiled launcher in `classes/`, built once
 * per version of the sources. A build goes to a temporary directory renamed into place,
 * so a run that is cut short or races another leaves no half-built cache.
 */
export const buildMongoJavaServer = async (): Promise<string> => {
  const hash = createHash("sha256")
  for (const file of sources) hash.update(await readFile(join(sourceDir, file)))
  hash.update(JAVAC_RELEASE)
  const target = join(cacheRoot, `${MONGO_JAVA_SERVER_VERSION}-${hash.digest("hex").slice(0, 12)}`)
  if (await readdir(join(target, "classes")).then((files) => files.length > 0, () => false)) return target

  const [mvn, javac] = [await required("mvn"), await required("javac")]
  await mkdir(cacheRoot, { recursive: true })
  const work = await mkdtemp(join(cacheRoot, "build-"))
  const started = Date.now()
  console.error(`Fetching mongo-java-server ${MONGO_JAVA_SERVER_VERSION} with Maven into ${target} (once)`)
  try {
    await run(mvn, [
      "--batch-mode",
      "--quiet",
      "-f",
      join(sourceDir, "pom.xml"),
      "dependency:copy-dependencies",
      `-DoutputDirectory=${join(work, "lib")}`
    ], { maxBuffer: 1 << 24, timeout: 10 * 60_000 }).catch((error: unknown) => {
      throw failure("mvn dependency:copy-dependencies", error)
    })
    await run(javac, [
      "--release",
      JAVAC_RELEASE,
      "-cp",
      join(work, "lib", "*"),
      "-d",
      join(work, "classes"),
      join(sourceDir, "MongoJavaTestServer.java")
    ], { maxBuffer: 1 << 24, timeout: 5 * 60_000 }).catch((error: unknown) => {
      throw failure("javac MongoJavaTestServer.java", error)
    })
    await rename(work, target).catch(async (error: unknown) => {
      // Another run put the same build there first: use that one.
      if (!await readdir(join(target, "classes")).then(() => true, () => false)) throw error
    })
    console.error(`mongo-java-server ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    return target
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/**
 * Starts mongo-java-server on a free 127.0.0.1 port. Its data lives in the JVM, so
 * `restart` is refused: a restarted server would not have the same data.
 */
export const startMongoJavaServer = async (): Promise<MongoBackend> => {
  const java = await required("java")
  const built = await buildMongoJavaServer()
  const server = serverProcess("mongo-java-server", java, (port) => [
    "-cp",
    [join(built, "lib", "*"), join(built, "classes")].join(delimiter),
    "MongoJavaTestServer",
    String(port)
  ], 60_000)
  const exitHook = () => server.killNow()
  process.once("exit", exitHook)
  const { info, port } = await launchOnFreePort(server).catch((error: unknown) => {
    process.removeListener("exit", exitHook)
    throw error
  })
  const uri = `mongodb://127.0.0.1:${port}/`
  return {
    name: "mongo-java-server",
    uri,
    version: `mongo-java-server ${MONGO_JAVA_SERVER_VERSION}`,
    atomicWrites: true,
    description:
      `MongoDB test backend: mongo-java-server ${MONGO_JAVA_SERVER_VERSION} (in memory; reports MongoDB ${info.mongoVersion}) at ${uri}`,
    kill: () => server.halt("SIGKILL"),
    restart: () => Promise.reject(new Error("mongo-java-server keeps its data in memory: it cannot restart with it")),
    stop: async () => {
      await server.halt("SIGTERM")
      process.removeListener("exit", exitHook)
    }
  }
}
