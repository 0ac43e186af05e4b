/**
 * Soak test of the promise facade: a mixed workload (70% loadSession, 20% storeSession,
 * 10% deleteSession) at a fixed concurrency for a while, against the test backend (the
 * one `npm test` would use, started here and stopped at the end) or, with `--memory`,
 * the in-memory twin. It reports the operations, the errors and the heap used after GC
 * at the start and at the end, and exits non-zero when there was any error or the heap
 * grew by more than 20%.
 *
 * ```bash
 * npm run soak -- --seconds 5             # the test backend, 5 seconds
 * npm run soak -- --memory --seconds 60   # the in-memory layer
 * ```
 *
 * Options: `--seconds N` (default 30), `--concurrency N` (default 64), `--sessions N`
 * (the key space, default 500), `--memory`. Heap figures need `global.gc`, so the npm
 * script runs it with `node --expose-gc --import tsx`.
 */
import { MongoClient } from "mongodb"
import { parseArgs } from "node:util"
import { isSessionStorageError, MongoDBSessionStorage } from "../src/index.js"
import type { MongoBackend } from "../test/support/backend.js"
import { startBackend } from "../test/support/backend.js"

const gc = (globalThis as { gc?: () => void }).gc
if (typeof gc !== "function") throw new Error("soak: run it with node --expose-gc (npm run soak does)")

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "30" },
    concurrency: { type: "string", default: "64" },
    sessions: { type: "string", default: "500" },
    memory: { type: "boolean", default: false }
  }
})
const positive = (name: string, raw: string): number => {
  const n = Number(raw)
  if (!Number.isFinite(n) || n <= 0) throw new Error(`soak: --${name} must be a positive number (got ${raw})`)
  return n
}
const seconds = positive("seconds", args.seconds)
const concurrency = Math.floor(positive("concurrency", args.concurrency))
const sessions = Math.floor(positive("sessions", args.sessions))
const STORES = 10
const MAX_GROWTH = 1.2

type Kind = "load" | "store" | "delete"

/** Latencies in buckets of powers of 2 (microseconds): constant memory, however long the run. */
class Histogram {
  readonly buckets = new Array<number>(32).fill(0)
  count = 0
  record(ms: number): void {
    const micros = Math.max(1, Math.round(ms * 1000))
    this.buckets[Math.min(31, Math.floor(Math.log2(micros)))]! += 1
    this.count++
  }
  /** An upper bound of the `q` quantile, in milliseconds. */
  quantile(q: number): number {
    let seen = 0
    for (const [i, n] of this.buckets.entries()) {
      seen += n
      if (seen >= q * this.count) return 2 ** (i + 1) / 1000
    }
    return Infinity
  }
}

const heapMb = (): number => {
  for (let i = 0; i < 3; i++) gc()
  return process.memoryUsage().heapUsed / 1024 / 1024
}

const keyOf = (n: number) => ({ store: `soak-store-${n % STORES}`, id: `soak-session-${n}` })
const sessionOf = (n: number, version: number) => ({
  id: keyOf(n).id,
  userId: `user-${n % 50}`,
  data: { version, cart: [{ sku: `sku-${n}`, quantity: version % 5 }], token: "t".repeat(512), at: new Date() },
  expiresAt: new Date(Date.now() + 24 * 60 * 60 * 1000)
})

const pickKind = (r: number): Kind => (r < 0.7 ? "load" : r < 0.9 ? "store" : "delete")

const main = async (): Promise<number> => {
  let backend: MongoBackend | undefined
  const dbName = "reliability_soak"
  if (!args.memory) backend = await startBackend()
  const storage = backend === undefined
    ? MongoDBSessionStorage.inMemory()
    : new MongoDBSessionStorage({ url: backend.uri, dbName, collectionName: "sessions", connectTimeout: "5 seconds" })
  const target = backend === undefined ? "in-memory layer" : backend.description.replace(/^MongoDB test backend: /, "")
  console.log(`soak: ${target}; ${seconds} s at concurrency ${concurrency}, ${sessions} sessions in ${STORES} stores`)

  const histograms: Record<Kind, Histogram> = { load: new Histogram(), store: new Histogram(), delete: new Histogram() }
  const errors = new Map<string, number>()
  let version = 0
  const once = async (kind: Kind, n: number): Promise<void> => {
    const { id, store } = keyOf(n)
    const started = performance.now()
    try {
      if (kind === "load") await storage.loadSession(store, id)
      else if (kind === "store") await storage.storeSession(store, sessionOf(n, ++version))
      else await storage.deleteSession(store, id)
      histograms[kind].record(performance.now() - started)
    } catch (error) {
      const text = isSessionStorageError(error)
        ? `${error._tag}: ${error.message}`
        : `not a typed error: ${String(error)}`
      errors.set(text.slice(0, 300), (errors.get(text.slice(0, 300)) ?? 0) + 1)
    }
  }
  const workload = async (until: number): Promise<void> => {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) await once(pickKind(Math.random()), Math.floor(Math.random() * sessions))
    }))
  }

  let status = 0
  try {
    const prefillStarted = performance.now()
    let next = 0
    await Promise.all(Array.from({ length: Math.min(concurrency, 16) }, async () => {
      while (next < sessions) await once("store", next++)
    }))
    await workload(performance.now() + Math.min(2_000, seconds * 200)) // warm-up: pools, JIT, caches
    console.log(`soak: prefill and warm-up took ${((performance.now() - prefillStarted) / 1000).toFixed(1)} s`)
    for (const h of Object.values(histograms)) {
      h.buckets.fill(0)
      h.count = 0
    }
    const warmUpErrors = [...errors.values()].reduce((a, b) => a + b, 0)

    const heapStart = heapMb()
    const started = performance.now()
    await workload(started + seconds * 1000)
    const elapsed = (performance.now() - started) / 1000
    const heapEnd = heapMb()

    const operations = Object.values(histograms).reduce((n, h) => n + h.count, 0)
    const errorCount = [...errors.values()].reduce((a, b) => a + b, 0)
    console.log(`soak: ${operations} operations in ${elapsed.toFixed(1)} s (${Math.round(operations / elapsed)}/s)`)
    for (const [kind, h] of Object.entries(histograms)) {
      console.log(`soak:   ${kind}: ${h.count} ok, p50 <= ${h.quantile(0.5)} ms, p99 <= ${h.quantile(0.99)} ms`)
    }
    console.log(`soak: errors: ${errorCount}${warmUpErrors > 0 ? ` (${warmUpErrors} during prefill and warm-up)` : ""}`)
    for (const [text, n] of errors) console.log(`soak:   ${n} x ${text}`)
    const ratio = heapEnd / heapStart
    console.log(
      `soak: heap used after GC: start ${heapStart.toFixed(1)} MB, end ${heapEnd.toFixed(1)} MB (x${
        ratio.toFixed(2)
      }, limit x${MAX_GROWTH})`
    )
    const failures = [
      ...(errorCount > 0 ? [`${errorCount} errors`] : []),
      ...(ratio > MAX_GROWTH ? [`the heap grew x${ratio.toFixed(2)}`] : []),
      ...(operations === 0 ? ["no operation completed"] : [])
    ]
    console.log(failures.length === 0 ? "soak: PASS" : `soak: FAIL (${failures.join(", ")})`)
    status = failures.length === 0 ? 0 : 1
  } finally {
    await storage.disconnect()
    if (backend !== undefined) {
      const client = await new MongoClient(backend.uri).connect().catch(() => undefined)
      await client?.db(dbName).dropDatabase().catch(() => undefined)
      await client?.close()
      await backend.stop()
    }
  }
  return status
}

main().then((status) => process.exit(status), (error: unknown) => {
  console.error("soak: crashed:", error)
  process.exit(2)
})
