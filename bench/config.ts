/**
 * How much the benchmark measures: the full run (`npm run bench`, the committed results)
 * and the smoke run (`npm run bench:smoke`, every part with tiny counts, for CI).
 */

/** How long one benchmark case runs: interleaved rounds of tinybench tasks. */
export interface RoundPlan {
  /** Rounds; each runs every contender once, in an order rotated every round. */
  readonly rounds: number
  /** Measured time each contender runs per round, in ms (tinybench `time`). */
  readonly time: number
  /** Fewest measured calls per contender per round (tinybench `iterations`). */
  readonly iterations: number
  /** Warm-up iterations per contender, in the first round only (0: no warm-up). */
  readonly warmupIterations: number
}

/** The parameters of one run. */
export interface BenchConfig {
  readonly mode: "full" | "smoke"
  /** Where the results go. */
  readonly outputDir: string
  /** Sessions of the operations benchmark, spread over {@link BenchConfig.baseStores} stores. */
  readonly baseSessions: number
  /** Stores of the operations benchmark: few, so a page of {@link BenchConfig.pageLimit} is full. */
  readonly baseStores: number
  /** Stores the sessions of the scaling benchmark are spread over. */
  readonly stores: number
  /** Ids per `deleteSessions` call. */
  readonly deleteManyIds: number
  /** `limit` of the `findSessionsByStore` page. */
  readonly pageLimit: number
  /** Calls per batch in the concurrent cases. */
  readonly concurrency: number
  /** Rounds of the operations at concurrency 1. */
  readonly sequential: RoundPlan
  /** Rounds of the operations at concurrency {@link BenchConfig.concurrency} (one call = one batch). */
  readonly concurrent: RoundPlan
  /** Collection sizes of the scaling benchmark, each with its rounds. */
  readonly scaling: ReadonlyArray<{ readonly sessions: number; readonly plan: RoundPlan }>
  /** Sessions of the one store streamed by the memory benchmark. */
  readonly memorySessions: number
  /** Rounds of the in-memory operations. */
  readonly inMemory: RoundPlan
  /** `loadSession` calls per measured loop of the in-memory throughput benchmark. */
  readonly inMemoryLoop: number
  /** Rounds of the in-memory throughput loops. */
  readonly inMemoryLoopPlan: RoundPlan
}

const resultsDir = new URL("./results/", import.meta.url)

/**
 * The full run. FerretDB 1.24 on SQLite scans the whole collection for every command
 * (see README.md in this folder): the operations run on a small collection, and the
 * large sizes of the scaling benchmark get few samples, so that a run stays under
 * 20 minutes on 2 cores.
 */
export const fullConfig: BenchConfig = {
  mode: "full",
  outputDir: resultsDir.pathname,
  baseSessions: 200,
  baseStores: 2,
  stores: 10,
  deleteManyIds: 1_000,
  pageLimit: 50,
  concurrency: 64,
  sequential: { rounds: 10, time: 500, iterations: 3, warmupIterations: 5 },
  concurrent: { rounds: 3, time: 0, iterations: 1, warmupIterations: 1 },
  scaling: [
    { sessions: 1_000, plan: { rounds: 4, time: 300, iterations: 4, warmupIterations: 3 } },
    { sessions: 10_000, plan: { rounds: 3, time: 0, iterations: 3, warmupIterations: 0 } },
    { sessions: 100_000, plan: { rounds: 2, time: 0, iterations: 2, warmupIterations: 0 } }
  ],
  memorySessions: 100_000,
  inMemory: { rounds: 5, time: 100, iterations: 20, warmupIterations: 50 },
  inMemoryLoop: 20_000,
  inMemoryLoopPlan: { rounds: 5, time: 300, iterations: 5, warmupIterations: 5 }
}

/**
 * The smoke run: every part, tiny counts, 100 sessions, batches of 8, `deleteSessions`
 * of 100 ids; results go to `results/smoke/`.
 */
export const smokeConfig: BenchConfig = {
  mode: "smoke",
  outputDir: new URL("./smoke/", resultsDir).pathname,
  baseSessions: 100,
  baseStores: 2,
  stores: 10,
  deleteManyIds: 100,
  pageLimit: 50,
  concurrency: 8,
  sequential: { rounds: 2, time: 0, iterations: 2, warmupIterations: 1 },
  concurrent: { rounds: 1, time: 0, iterations: 1, warmupIterations: 0 },
  scaling: [
    { sessions: 50, plan: { rounds: 1, time: 0, iterations: 2, warmupIterations: 1 } },
    { sessions: 100, plan: { rounds: 1, time: 0, iterations: 2, warmupIterations: 0 } }
  ],
  memorySessions: 100,
  inMemory: { rounds: 1, time: 0, iterations: 3, warmupIterations: 1 },
  inMemoryLoop: 1_000,
  inMemoryLoopPlan: { rounds: 1, time: 0, iterations: 2, warmupIterations: 1 }
}
