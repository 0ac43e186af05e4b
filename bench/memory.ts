/**
 * Memory while reading a store of many sessions: `streamSessionsByStore` through the
 * Effect layer (`Stream`, batches of at most 1,000), with the raw driver's cursor and
 * the layer's `findSessionsByStore` without `limit` (everything in one array) for
 * comparison. Each runs in a child process of its own (memory-child.ts) with
 * `--expose-gc`, which samples RSS and heap while it reads.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import type { BenchConfig } from "./config.js"
import type { Clients } from "./contenders.js"
import type { CommandCounts } from "./counter.js"
import type { StoredSession } from "./fixtures.js"
import { seedSessions, storeName } from "./fixtures.js"
import { log } from "./mongo.js"
import { formatMiB } from "./stats.js"

/** How the child reads the store. */
export type MemoryMode = "layer-stream" | "raw-cursor" | "layer-list"

/** What the child is told (environment variable `BENCH_MEMORY`, JSON). */
export interface MemoryInput {
  readonly uri: string
  readonly dbName: string
  readonly collection: string
  readonly warmCollection: string
  readonly store: string
  readonly mode: MemoryMode
}

/** What the child measured (bytes and seconds). */
export interface MemoryMeasurement {
  readonly mode: MemoryMode
  readonly sessions: number
  readonly seconds: number
  /** Commands of the read (`find`, then `getMore` per batch). */
  readonly commands: CommandCounts
  readonly rssBaseline: number
  readonly rssPeak: number
  /** Peak RSS during the read minus RSS before it (after a full GC). */
  readonly rssGrowth: number
  readonly heapBaseline: number
  readonly heapPeak: number
  /** Peak `heapUsed` during the read minus `heapUsed` before it. */
  readonly heapGrowth: number
  /** `heapUsed` after the read and a full GC minus before it. */
  readonly heapRetained: number
}

const projectRoot = fileURLToPath(new URL("../", import.meta.url))
const childScript = fileURLToPath(new URL("./memory-child.ts", import.meta.url))

const runChild = (input: MemoryInput): Promise<MemoryMeasurement> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", childScript], {
      cwd: projectRoot,
      env: { ...process.env, BENCH_MEMORY: JSON.stringify(input) },
      stdio: ["ignore", "pipe", "inherit"]
    })
    const kill = () => child.kill("SIGKILL")
    process.once("exit", kill)
    let stdout = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
    const timer = setTimeout(() => child.kill("SIGKILL"), 15 * 60_000)
    child.once("error", reject)
    child.once("exit", (code, signal) => {
      clearTimeout(timer)
      process.removeListener("exit", kill)
      const last = stdout.trim().split("\n").at(-1) ?? ""
      if (code !== 0) return reject(new Error(`memory child (${input.mode}) exited with ${signal ?? code}`))
      try {
        resolve(JSON.parse(last) as MemoryMeasurement)
      } catch {
        reject(new Error(`memory child (${input.mode}) printed no result: ${stdout.slice(-500)}`))
      }
    })
  })

/** Seeds one store of `config.memorySessions` sessions and measures reading it three ways. */
export const benchMemory = async (
  config: BenchConfig,
  clients: Clients,
  uri: string,
  dbName: string
): Promise<ReadonlyArray<MemoryMeasurement>> => {
  const db = clients.admin.db(dbName)
  const collection = db.collection<StoredSession>("memory")
  const warmCollection = db.collection<StoredSession>("memory_warm")
  const started = performance.now()
  await seedSessions(collection, 0, config.memorySessions, 1)
  await seedSessions(warmCollection, 0, 100, 1)
  log(
    `Memory: one store of ${config.memorySessions.toLocaleString("en-US")} sessions (seeded in ${
      ((performance.now() - started) / 1000).toFixed(1)
    } s)`
  )
  try {
    const results: Array<MemoryMeasurement> = []
    for (const mode of ["layer-stream", "raw-cursor", "layer-list"] as const) {
      const input = { uri, dbName, collection: "memory", warmCollection: "memory_warm", store: storeName(0), mode }
      const measurement = await runChild(input)
      if (measurement.sessions !== config.memorySessions) {
        throw new Error(`memory (${mode}) read ${measurement.sessions} sessions, not ${config.memorySessions}`)
      }
      log(
        `  ${mode}: ${measurement.seconds.toFixed(1)} s, RSS +${formatMiB(measurement.rssGrowth)}, heap +${
          formatMiB(measurement.heapGrowth)
        }`
      )
      results.push(measurement)
    }
    return results
  } finally {
    await collection.drop()
    await warmCollection.drop()
  }
}
