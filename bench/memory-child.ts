/**
 * The memory benchmark's child process (run by memory.ts with `--expose-gc`): reads
 * every session of one store and reports how much RSS and heap grew meanwhile. A fresh
 * process, so nothing else of the benchmark is in its heap. Prints one JSON line.
 */
import { Effect, Layer, ManagedRuntime, Stream } from "effect"
import { MongoClient } from "mongodb"
import { MongoDatabase, MongoSessionStorage, SessionStorage } from "../src/index.js"
import { storageOptions } from "./contenders.js"
import { CommandCounter, difference } from "./counter.js"
import type { StoredSession } from "./fixtures.js"
import type { MemoryInput, MemoryMeasurement } from "./memory.js"
import { liveAt, MAX_BATCH_SIZE } from "./raw.js"

const input = JSON.parse(process.env["BENCH_MEMORY"] ?? "null") as MemoryInput
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error("run with --expose-gc")

const collect = () => {
  gc()
  gc()
}

const client = await new MongoClient(input.uri, { monitorCommands: true }).connect()
const counter = new CommandCounter(client)
const db = client.db(input.dbName)
const storageOf = async (collectionName: string) => {
  const runtime = ManagedRuntime.make(
    MongoSessionStorage.layer(storageOptions(collectionName)).pipe(Layer.provide(MongoDatabase.fromDb(db)))
  )
  return { runtime, storage: await runtime.runPromise(SessionStorage.SessionStorage) }
}

const big = await storageOf(input.collection)
const warm = await storageOf(input.warmCollection)

let peakRss = 0
let peakHeap = 0
const sample = () => {
  const usage = process.memoryUsage()
  peakRss = Math.max(peakRss, usage.rss)
  peakHeap = Math.max(peakHeap, usage.heapUsed)
}

/** Reads every session of `store` the way `input.mode` says; returns how many. */
const readAll = async (storage: SessionStorage.Service, collectionName: string, store: string): Promise<number> => {
  switch (input.mode) {
    case "layer-stream": {
      let count = 0
      await Effect.runPromise(
        Stream.runForEachChunk(storage.streamSessionsByStore(store), (chunk) =>
          Effect.sync(() => {
            count += chunk.length
            sample()
          }))
      )
      return count
    }
    case "layer-list": {
      const sessions = await Effect.runPromise(storage.findSessionsByStore(store))
      sample()
      return sessions.length
    }
    case "raw-cursor": {
      const cursor = db.collection<StoredSession>(collectionName).find(
        { store, ...liveAt(new Date()) },
        { sort: { createdAt: 1, id: 1 }, batchSize: MAX_BATCH_SIZE }
      )
      let count = 0
      for await (const _document of cursor) {
        if (++count % 1000 === 0) sample()
      }
      return count
    }
  }
}

for (let i = 0; i < 3; i++) await readAll(warm.storage, input.warmCollection, input.store)
collect()
const baseline = process.memoryUsage()
peakRss = baseline.rss
peakHeap = baseline.heapUsed
const commandsBefore = counter.snapshot()
const timer = setInterval(sample, 5)
const started = performance.now()
const sessions = await readAll(big.storage, input.collection, input.store)
const seconds = (performance.now() - started) / 1000
clearInterval(timer)
sample()
collect()
const after = process.memoryUsage()

const measurement: MemoryMeasurement = {
  mode: input.mode,
  sessions,
  seconds,
  commands: difference(counter.snapshot(), commandsBefore),
  rssBaseline: baseline.rss,
  rssPeak: peakRss,
  rssGrowth: peakRss - baseline.rss,
  heapBaseline: baseline.heapUsed,
  heapPeak: peakHeap,
  heapGrowth: peakHeap - baseline.heapUsed,
  heapRetained: after.heapUsed - baseline.heapUsed
}
await big.runtime.dispose()
await warm.runtime.dispose()
await client.close()
process.stdout.write(`${JSON.stringify(measurement)}\n`)
