/**
 * A real `mongod` through mongodb-memory-server. Its binary download cannot
 * work without a route to the download host, and the library then retries
 * for minutes when packets are dropped, so before starting we check cheaply
 * that a binary is already there or that the download host is reachable, and
 * a download runs in a child process that is killed after a time limit.
 */
import { execFile } from "node:child_process"
import { lookup } from "node:dns/promises"
import { mkdtemp, rm } from "node:fs/promises"
import { connect } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import type { MongoBackend } from "./backend.js"
import { describeBackend, errorMessage, freePort, onPath, probeServer } from "./serverInfo.js"

const run = promisify(execFile)
/** How long downloading mongod may take. */
const DOWNLOAD_TIMEOUT_MS = Number(process.env["TEST_MONGO_DOWNLOAD_TIMEOUT_MS"] ?? 300_000)
/** How long starting mongod may take once it is on disk. */
const START_TIMEOUT_MS = 60_000
const PROBE_TIMEOUT_MS = 3_000

const withTimeout = <A>(promise: Promise<A>, ms: number, what: string): Promise<A> =>
  new Promise<A>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms)
    promise.then(resolve, reject).finally(() => clearTimeout(timer))
  })

/** Resolves when a TCP connection to `host:port` opens within the probe timeout. */
const reachable = async (host: string, port: number): Promise<void> => {
  const { address } = await withTimeout(lookup(host), PROBE_TIMEOUT_MS, `DNS lookup of ${host}`)
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host: address, port, timeout: PROBE_TIMEOUT_MS })
    socket.once("connect", () => {
      socket.destroy()
      resolve()
    })
    socket.once("timeout", () => {
      socket.destroy()
      reject(new Error(`connecting to ${host}:${port} timed out`))
    })
    socket.once("error", reject)
  })
}

/**
 * Makes sure mongod is on disk: fails fast when its download host (or proxy) does not answer,
 * else downloads it in a child process that is killed when it takes too long.
 */
const ensureBinary = async (systemBinary: string | undefined): Promise<void> => {
  const mms = await import("mongodb-memory-server")
  const options = await mms.DryMongoBinary.generateOptions(systemBinary === undefined ? {} : { systemBinary })
  if (await mms.DryMongoBinary.locateBinary(options) !== undefined) return
  const { resolveConfig, ResolveConfigVariables, envToBool } = await import(
    "mongodb-memory-server-core/lib/util/resolveConfig.js"
  )
  if (!envToBool(resolveConfig(ResolveConfigVariables.RUNTIME_DOWNLOAD))) {
    throw new Error("no mongod binary found and MONGOMS_RUNTIME_DOWNLOAD is off")
  }
  const { MongoBinaryDownloadUrl } = await import("mongodb-memory-server-core/lib/util/MongoBinaryDownloadUrl.js")
  const url = new URL(await new MongoBinaryDownloadUrl(options).getDownloadUrl())
  const env = process.env
  const proxy = env["yarn_https-proxy"] || env["yarn_proxy"] || env["npm_config_https-proxy"] ||
    env["npm_config_proxy"] || env["https_proxy"] || env["http_proxy"] || env["HTTPS_PROXY"] || env["HTTP_PROXY"]
  const target = proxy ? new URL(proxy) : url
  const port = Number(target.port || (target.protocol === "http:" ? 80 : 443))
  try {
    await reachable(target.hostname, port)
  } catch (error) {
    throw new Error(
      `no mongod binary on disk, and it cannot be downloaded: ${target.hostname}:${port} is unreachable (${
        errorMessage(error)
      })`
    )
  }
  const script = [
    "const { MongoBinary } = await import(\"mongodb-memory-server\")",
    "await MongoBinary.getPath().catch((e) => { console.error(e.message); process.exit(1) })"
  ].join("\n")
  await run(process.execPath, ["--input-type=module", "-e", script], {
    cwd: fileURLToPath(new URL("../../", import.meta.url)),
    timeout: DOWNLOAD_TIMEOUT_MS,
    killSignal: "SIGKILL"
  }).catch((error: Error & { killed?: boolean; stderr?: string }) => {
    throw new Error(
      error.killed === true
        ? `downloading mongod took longer than ${DOWNLOAD_TIMEOUT_MS} ms (TEST_MONGO_DOWNLOAD_TIMEOUT_MS)`
        : `downloading mongod failed: ${(error.stderr ?? error.message).trim().slice(-500)}`
    )
  })
}

/** Starts mongod on a free port with its data in a temp dir that survives kill/restart. */
export const startMemoryServer = async (): Promise<MongoBackend> => {
  const fromEnv = process.env["MONGOMS_SYSTEM_BINARY"] ?? ""
  const systemBinary = fromEnv !== "" ? undefined : await onPath("mongod") // the library reads the variable itself
  await ensureBinary(systemBinary)
  const { MongoMemoryServer } = await import("mongodb-memory-server")
  const dbPath = await mkdtemp(join(tmpdir(), "mongod-test-"))
  const port = await freePort()
  const server = new MongoMemoryServer({
    instance: { ip: "127.0.0.1", port, dbPath, storageEngine: "wiredTiger" },
    ...(systemBinary === undefined ? {} : { binary: { systemBinary } })
  })
  const cleanUp = async () => {
    await server.stop({ doCleanup: true, force: true }).catch(() => undefined)
    await rm(dbPath, { recursive: true, force: true })
  }
  const starting = server.start(true)
  try {
    await withTimeout(starting, START_TIMEOUT_MS, "starting mongodb-memory-server")
  } catch (error) {
    starting.then(cleanUp, cleanUp) // a start that finishes after the timeout must not leave mongod behind
    await rm(dbPath, { recursive: true, force: true })
    throw error
  }
  const uri = server.getUri()
  const info = await probeServer(uri, 10_000).catch(async (error: unknown) => {
    await cleanUp()
    throw error
  })
  return {
    name: "memory-server",
    uri,
    version: info.mongoVersion,
    atomicWrites: true,
    description: describeBackend("memory-server", info, uri),
    kill: async () => {
      await server.stop({ doCleanup: false })
    },
    restart: async () => {
      if (String(server.state) === "running") await server.stop({ doCleanup: false })
      await server.start(true)
    },
    stop: cleanUp
  }
}
