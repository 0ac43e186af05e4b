/**
 * Small helpers shared by the test backends: finding programs, free ports,
 * pinging a server, reading its version and describing it without leaking credentials.
 */
import { MongoClient } from "mongodb"
import { constants } from "node:fs"
import { access } from "node:fs/promises"
import { connect, createServer } from "node:net"
import { delimiter, join } from "node:path"

/** What `buildInfo` told us about a server. */
export interface ServerInfo {
  /** MongoDB version the server reports (FerretDB reports a compatible MongoDB version). */
  readonly mongoVersion: string
  /** FerretDB's own version, when the server is FerretDB. */
  readonly ferretdbVersion: string | undefined
}

/** Asks the OS for a TCP port that is free on 127.0.0.1 right now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => {
        if (address !== null && typeof address === "object") resolve(address.port)
        else reject(new Error("could not get a free port"))
      })
    })
  })

/** Whether `file` exists and may be executed. */
export const isExecutable = (file: string): Promise<boolean> =>
  access(file, constants.X_OK).then(() => true, () => false)

/** Full path of `command` in a PATH directory, like `which`. */
export const onPath = async (command: string): Promise<string | undefined> => {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    if (dir !== "" && await isExecutable(join(dir, command))) return join(dir, command)
  }
  return undefined
}

/** Replaces `user:pass@` (or `user@`) in a connection string so it can be printed. */
export const redactUri = (uri: string): string => uri.replace(/^([a-z0-9+.-]+:\/\/)[^@/]*@/i, "$1***@")

/** Error message of an unknown thrown value, on one line. */
export const errorMessage = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, " ")

/** Connects once, pings and reads `buildInfo`; rejects when the server does not answer within `timeoutMs`. */
export const probeServer = async (uri: string, timeoutMs: number): Promise<ServerInfo> => {
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    socketTimeoutMS: timeoutMs * 4
  })
  try {
    await client.connect()
    const admin = client.db("admin")
    await admin.command({ ping: 1 })
    const info = await admin.command({ buildInfo: 1 })
    return {
      mongoVersion: typeof info["version"] === "string" ? info["version"] : "unknown",
      ferretdbVersion: typeof info["ferretdbVersion"] === "string" ? info["ferretdbVersion"] : undefined
    }
  } finally {
    await client.close(true).catch(() => undefined)
  }
}

const portOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port })
    socket.once("connect", () => {
      socket.destroy()
      resolve(true)
    })
    socket.once("error", () => resolve(false))
  })

/**
 * Waits until a server of ours on 127.0.0.1:`port` accepts TCP connections and answers a ping,
 * `isDead()` reports its process gone, or `timeoutMs` passes.
 */
export const waitForServer = async (
  port: number,
  timeoutMs: number,
  isDead: () => string | undefined
): Promise<ServerInfo> => {
  const uri = `mongodb://127.0.0.1:${port}/`
  const deadline = Date.now() + timeoutMs
  let last: unknown = "port not open"
  for (;;) {
    const dead = isDead()
    if (dead !== undefined) throw new Error(dead)
    if (await portOpen(port)) {
      try {
        return await probeServer(uri, 1_000)
      } catch (error) {
        last = error
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`no answer to ping at ${uri} within ${timeoutMs} ms: ${errorMessage(last)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** The one line printed at the start of a test run. */
export const describeBackend = (name: string, info: ServerInfo, uri: string): string => {
  const ferret = name === "ferretdb" ? "" : "FerretDB "
  const server = info.ferretdbVersion === undefined
    ? `MongoDB ${info.mongoVersion}`
    : `${ferret}${info.ferretdbVersion} (wire version reported as MongoDB ${info.mongoVersion})`
  return `MongoDB test backend: ${name} ${server} at ${redactUri(uri)}`
}
