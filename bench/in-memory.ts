/**
 * The in-memory layer: every operation through the Effect API and through
 * `MongoDBSessionStorage.inMemory()`, and the throughput of `loadSession` in a tight
 * loop (validation included): one `Effect.gen` loop run with `Effect.runSync`, and a
 * loop of awaited facade calls.
 */
import { Effect, Exit, Option, Scope } from "effect"
import { InMemorySessionStorage, MongoDBSessionStorage } from "../src/index.js"
import type { SessionStorage } from "../src/index.js"
import { operationCases } from "./cases.js"
import type { BenchConfig } from "./config.js"
import { facadeContender, serviceOperations } from "./contenders.js"
import { prng, seededKey, sessionInput } from "./fixtures.js"
import type { EntrantResult } from "./interleave.js"
import { runInterleaved } from "./interleave.js"
import type { CaseResult } from "./mongo.js"
import { log } from "./mongo.js"
import type { Contender } from "./operations.js"
import { formatMs, formatOps } from "./stats.js"

/** What the in-memory benchmark measured. */
export interface InMemoryResult {
  readonly sessions: number
  readonly cases: ReadonlyArray<CaseResult>
  /** `loadSession` calls per measured loop. */
  readonly loop: number
  /** The loops: `layer` is the Effect API, `facade` the promise API. */
  readonly throughput: ReadonlyArray<EntrantResult>
}

/** The in-memory service as a contender; each call runs synchronously with `Effect.runSync`. */
const syncContender = (storage: SessionStorage.Service): Contender => {
  const ops = serviceOperations(storage)
  return {
    name: "layer",
    call: (op, args) => Promise.resolve(Effect.runSync(ops[op](args))),
    callAll: (op, args) => Promise.resolve(Effect.runSync(Effect.forEach(args, (a) => ops[op](a))))
  }
}

const seedContender = async (contender: Contender, sessions: number, stores: number) => {
  const args = Array.from({ length: sessions }, (_, n) => {
    const { id, store } = seededKey(n, stores)
    return { store, session: sessionInput(id, n) }
  })
  await contender.callAll("store", args)
}

/** The in-memory layer's operations and `loadSession` throughput. */
export const benchInMemory = async (config: BenchConfig): Promise<InMemoryResult> => {
  const scope = Effect.runSync(Scope.make())
  const storage = Effect.runSync(Scope.extend(InMemorySessionStorage.make(), scope))
  const facade = MongoDBSessionStorage.inMemory()
  try {
    const field = [syncContender(storage), facadeContender(facade)]
    for (const contender of field) await seedContender(contender, config.baseSessions, config.baseStores)
    log(`In-memory layer: ${config.baseSessions.toLocaleString("en-US")} sessions, concurrency 1`)
    const cases: Array<CaseResult> = []
    for (
      const benchCase of operationCases({
        seed: (contender, store, ids) =>
          contender.callAll("store", ids.map((id) => ({ store, session: sessionInput(id, 0) }))).then(() => undefined),
        clear: () => Promise.resolve(),
        sessions: config.baseSessions,
        stores: config.baseStores,
        deleteManyIds: config.deleteManyIds,
        pageLimit: config.pageLimit
      })
    ) {
      const started = performance.now()
      const entrants = await runInterleaved(
        field.map((contender) => ({ name: contender.name, task: (round) => benchCase.task(contender, round, 1) })),
        { plan: config.inMemory, opsPerCall: 1 }
      )
      const seconds = (performance.now() - started) / 1000
      log(`  ${benchCase.label}: ${entrants.map((e) => `${e.name} ${formatMs(e.summary.medianMs)}`).join(", ")}`)
      cases.push({ key: benchCase.key, label: benchCase.label, concurrency: 1, entrants, seconds })
    }

    const random = prng(42)
    const keys = Array.from(
      { length: config.inMemoryLoop },
      () => seededKey(Math.floor(random() * config.baseSessions), config.baseStores)
    )
    const missed = (misses: number) => {
      if (misses > 0) throw new Error(`the in-memory loop missed ${misses} sessions`)
    }
    const effectLoop = Effect.gen(function*() {
      let misses = 0
      for (const { id, store } of keys) {
        if (Option.isNone(yield* storage.loadSession(store, id))) misses++
      }
      return misses
    })
    const facadeLoop = async () => {
      let misses = 0
      for (const { id, store } of keys) {
        if (await facade.loadSession(store, id) === null) misses++
      }
      return misses
    }
    const throughput = await runInterleaved([
      { name: "layer", task: () => ({ fn: () => Promise.resolve(missed(Effect.runSync(effectLoop))) }) },
      { name: "facade", task: () => ({ fn: async () => missed(await facadeLoop()) }) }
    ], { plan: config.inMemoryLoopPlan, opsPerCall: config.inMemoryLoop })
    log(`  loadSession loop: ${throughput.map((e) => `${e.name} ${formatOps(e.summary.opsPerSec)}/s`).join(", ")}`)
    return { sessions: config.baseSessions, cases, loop: config.inMemoryLoop, throughput }
  } finally {
    await facade.disconnect()
    Effect.runSync(Scope.close(scope, Exit.void))
  }
}
