/**
 * The MongoDB benchmarks: every operation at concurrency 1 and in concurrent batches
 * (raw driver, Effect layer, facade, interleaved), and point operations as the
 * collection grows.
 */
import type { Db } from "mongodb"
import type { BenchCase } from "./cases.js"
import { operationCases, scalingCases } from "./cases.js"
import type { BenchConfig, RoundPlan } from "./config.js"
import type { Clients, CollectionContenders } from "./contenders.js"
import { makeContenders, makeCounters } from "./contenders.js"
import type { EquivalenceResult } from "./equivalence.js"
import { checkEquivalence } from "./equivalence.js"
import type { StoredSession } from "./fixtures.js"
import { insertAll, seedSessions, spreadPosition, throwawayDocuments } from "./fixtures.js"
import type { EntrantResult } from "./interleave.js"
import { runInterleaved } from "./interleave.js"
import type { Contender } from "./operations.js"
import { formatMs } from "./stats.js"

/** The measurements of one case at one concurrency. */
export interface CaseResult {
  readonly key: string
  readonly label: string
  /** Operations per call: 1, or the batch size. */
  readonly concurrency: number
  readonly entrants: ReadonlyArray<EntrantResult>
  /** Wall time of the case, seconds. */
  readonly seconds: number
}

/** Logs a line of progress. */
export const log = (line: string): void => {
  process.stdout.write(`${line}\n`)
}

const runCase = async (
  benchCase: BenchCase,
  contenders: CollectionContenders,
  field: ReadonlyArray<Contender>,
  plan: RoundPlan,
  batch: number
): Promise<CaseResult> => {
  const started = performance.now()
  const entrants = await runInterleaved(
    field.map((contender) => ({
      name: contender.name,
      counter: contenders.counters[contender.name],
      task: (round: number) => benchCase.task(contender, round, batch)
    })),
    {
      plan,
      opsPerCall: batch,
      ...(benchCase.afterTask === undefined ? {} : { afterTask: benchCase.afterTask })
    }
  )
  const seconds = (performance.now() - started) / 1000
  log(
    `  ${benchCase.label} x${batch}: ${entrants.map((e) => `${e.name} ${formatMs(e.summary.medianMs)}`).join(", ")} (${
      seconds.toFixed(1)
    } s)`
  )
  return { key: benchCase.key, label: benchCase.label, concurrency: batch, entrants, seconds }
}

/** What the operations benchmark measured. */
export interface OperationsResult {
  readonly sessions: number
  readonly stores: number
  readonly equivalence: ReadonlyArray<EquivalenceResult>
  readonly cases: ReadonlyArray<CaseResult>
}

/** Every operation, raw vs layer vs facade, at concurrency 1 and in batches. */
export const benchOperations = async (config: BenchConfig, clients: Clients, db: Db): Promise<OperationsResult> => {
  const collectionName = "operations"
  const admin = clients.admin.db(db.databaseName).collection<StoredSession>(collectionName)
  await seedSessions(admin, 0, config.baseSessions, config.baseStores)
  const contenders = await makeContenders(clients, makeCounters(clients), db.databaseName, collectionName)
  try {
    log("Equivalence of the commands (raw driver vs layer vs facade)")
    const equivalence = await checkEquivalence(contenders, admin, config.baseStores)
    const cases = operationCases({
      seed: (_, store, ids) => insertAll(admin, throwawayDocuments(store, ids)),
      clear: async (store) => {
        await admin.deleteMany({ store })
      },
      sessions: config.baseSessions,
      stores: config.baseStores,
      deleteManyIds: config.deleteManyIds,
      pageLimit: config.pageLimit
    })
    const field = [contenders.raw, contenders.layer, contenders.facade]
    const results: Array<CaseResult> = []
    log(`Operations on ${config.baseSessions.toLocaleString("en-US")} sessions, concurrency 1`)
    for (const benchCase of cases) results.push(await runCase(benchCase, contenders, field, config.sequential, 1))
    log(`Operations on ${config.baseSessions.toLocaleString("en-US")} sessions, concurrency ${config.concurrency}`)
    for (const benchCase of cases) {
      results.push(await runCase(benchCase, contenders, field, config.concurrent, config.concurrency))
    }
    return { sessions: config.baseSessions, stores: config.baseStores, equivalence, cases: results }
  } finally {
    await contenders.close()
    await admin.drop()
  }
}

/** The point operations at one collection size. */
export interface ScalingStep {
  readonly sessions: number
  /** Time to seed up to this size with `insertMany`, seconds. */
  readonly seedSeconds: number
  readonly cases: ReadonlyArray<CaseResult>
}

/** Point operations (load hit, store update) as the collection grows. */
export const benchScaling = async (
  config: BenchConfig,
  clients: Clients,
  db: Db
): Promise<ReadonlyArray<ScalingStep>> => {
  const collectionName = "scaling"
  const admin = clients.admin.db(db.databaseName).collection<StoredSession>(collectionName)
  await seedSessions(admin, 0, 1, config.stores) // the collection exists before the layer is built
  const contenders = await makeContenders(clients, makeCounters(clients), db.databaseName, collectionName)
  const steps: Array<ScalingStep> = []
  let seeded = 1
  try {
    for (const { plan, sessions } of config.scaling) {
      const started = performance.now()
      await seedSessions(admin, seeded, sessions, config.stores)
      seeded = sessions
      const seedSeconds = (performance.now() - started) / 1000
      log(`Scaling: ${sessions.toLocaleString("en-US")} sessions (seeded in ${seedSeconds.toFixed(1)} s)`)
      const [load, update] = scalingCases(
        { sessions, stores: config.stores },
        (n, round) => spreadPosition(n, round, sessions)
      )
      const cases = [
        await runCase(
          load!,
          contenders,
          [contenders.raw, contenders.layer, contenders.facade, contenders.rawIdOnly],
          plan,
          1
        ),
        await runCase(update!, contenders, [contenders.raw, contenders.layer, contenders.facade], plan, 1)
      ]
      steps.push({ sessions, seedSeconds, cases })
    }
    return steps
  } finally {
    await contenders.close()
    await admin.drop()
  }
}
