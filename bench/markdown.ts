/**
 * The Markdown reports: `results.md` (every figure) and `latest.md` (the README's
 * Performance section).
 */
import type { EntrantResult } from "./interleave.js"
import type { CaseResult } from "./mongo.js"
import type { ContenderName } from "./operations.js"
import type { BenchResults } from "./results.js"
import { entrant } from "./results.js"
import { formatCount, formatMiB, formatMs, formatOps, formatRatio, ratio } from "./stats.js"

/** A Markdown table. */
export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n")

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`

/** The backend, without its throwaway address. */
export const backendName = (r: BenchResults): string =>
  r.backend.description.replace(/^MongoDB test backend: /, "").replace(/ at \S+$/, "")

/** The lines that say where and when a run happened. */
export const setupLines = (r: BenchResults): Array<string> => {
  const env = r.environment
  return [
    `- Date: ${r.startedAt} (${r.mode} run, ${(r.wallSeconds / 60).toFixed(1)} min wall time)`,
    `- Machine: ${env.cpuModel}, ${env.cores} cores, ${gib(env.memoryBytes)} RAM, ${env.os}; load average ${
      env.loadAverageAtStart.toFixed(2)
    } at start, ${r.loadAverageAtEnd.toFixed(2)} at end (shared machine)`,
    `- Software: Node.js ${env.node}, mongodb driver ${env.versions.mongodb}, effect ${env.versions.effect}, tinybench ${env.versions.tinybench}, library ${env.versions.library} (commit ${env.commit})`,
    `- Backend: ${backendName(r)}`
  ]
}

const commandsCell = (e: EntrantResult | undefined): string =>
  e === undefined || !Number.isFinite(e.commandsPerOperation)
    ? "n/a"
    : `${formatRatio(e.commandsPerOperation).replace(/\.?0+$/, "")} (${
      Object.entries(e.commands).map(([name, n]) => `${name} ${formatCount(n)}`).join(", ")
    })`

const names: ReadonlyArray<ContenderName> = ["raw", "layer", "facade"]

const operationRows = (cases: ReadonlyArray<CaseResult>, throughput: boolean): Array<Array<string>> =>
  cases.flatMap((c) => {
    const raw = entrant(c, "raw")
    return names.flatMap((name) => {
      const e = entrant(c, name)
      if (e === undefined) return []
      const vsRaw = throughput
        ? ratio(e.summary.opsPerSec, raw?.summary.opsPerSec)
        : ratio(e.summary.medianMs, raw?.summary.medianMs)
      return [[
        name === "raw" ? c.label : "",
        name,
        formatMs(e.summary.medianMs),
        formatMs(e.summary.p99Ms),
        formatOps(e.summary.opsPerSec),
        name === "raw" ? "" : formatRatio(vsRaw),
        commandsCell(e),
        formatCount(e.summary.samples)
      ]]
    })
  })

/** Medians at each collection size. */
export const scalingTable = (r: BenchResults): string =>
  table(
    ["sessions", "operation", "raw", "layer", "facade", "raw, `{ _id }` only", "samples each"],
    r.scaling.flatMap((step) =>
      step.cases.map((c) => [
        formatCount(step.sessions),
        c.label,
        ...(["raw", "layer", "facade", "raw _id-only"] as const).map((name) =>
          formatMs(entrant(c, name)?.summary.medianMs ?? Number.NaN)
        ),
        formatCount(entrant(c, "layer")?.summary.samples ?? 0)
      ])
    )
  )

/** The memory measurements. */
export const memoryTable = (r: BenchResults): string =>
  table(
    ["read", "sessions", "time", "RSS growth (peak)", "heap growth (peak)", "heap retained after GC", "commands"],
    r.memory.map((m) => [
      {
        "layer-stream": "`streamSessionsByStore` (layer, `Stream.runForEachChunk`)",
        "raw-cursor": "raw driver cursor (`for await`)",
        "layer-list": "`findSessionsByStore` without limit (layer, one array)"
      }[m.mode],
      formatCount(m.sessions),
      `${m.seconds.toFixed(1)} s`,
      formatMiB(m.rssGrowth),
      formatMiB(m.heapGrowth),
      formatMiB(m.heapRetained),
      Object.entries(m.commands).map(([name, n]) => `${name} ${n}`).join(", ")
    ])
  )

const inMemoryTables = (r: BenchResults): string => {
  const ops = table(
    ["operation", "Effect API median", "p99", "ops/s", "facade median", "p99", "ops/s"],
    r.inMemory.cases.map((c) => {
      const cells = (name: ContenderName) => {
        const e = entrant(c, name)
        return [
          formatMs(e?.summary.medianMs ?? NaN),
          formatMs(e?.summary.p99Ms ?? NaN),
          formatOps(e?.summary.opsPerSec ?? NaN)
        ]
      }
      return [c.label, ...cells("layer"), ...cells("facade")]
    })
  )
  const loops = table(
    ["API", "loadSession/s", "median loop", "loops"],
    r.inMemory.throughput.map((e) => [
      e.name === "layer" ? "Effect (`Effect.gen` loop, `Effect.runSync`)" : "facade (awaited calls)",
      formatOps(e.summary.opsPerSec),
      formatMs(e.summary.medianMs),
      formatCount(e.summary.samples)
    ])
  )
  return `${ops}\n\n${loops}`
}

/** The targets, judged. */
export const targetsTable = (r: BenchResults): string =>
  table(
    ["target", "measured", "met", "note"],
    r.targets.map((t) => [t.target, t.measured, t.met ? "met" : "**missed**", t.note])
  )

const equivalenceTable = (r: BenchResults): string =>
  table(
    ["operation", "raw", "layer", "facade", "same command documents"],
    r.operations.equivalence.map((e) => [
      e.operation,
      ...names.map((name) => (e.commands[name] ?? []).join(", ")),
      e.identical ? "yes" : "**no**"
    ])
  )

const method = (r: BenchResults): Array<string> => {
  const { config } = r
  return [
    "## Method",
    "",
    `- Contenders: the raw \`mongodb\` driver issuing the layer's own commands (bench/raw.ts, copied from src/internal/mongo/operations.ts; checked on the wire, see "Round trips"), the Effect layer (\`MongoSessionStorage.layer\` over \`MongoDatabase.fromDb\`, each call run with \`Effect.runPromise\`, batches with \`Effect.forEach\` and unbounded concurrency) and the facade (\`new MongoDBSessionStorage(db, options)\`). Each has a \`MongoClient\` of its own with \`monitorCommands: true\`, and so has the raw \`_id\`-only variant of the scaling benchmark; seeding uses a fifth client.`,
    `- Interleaving: each case runs in ${config.sequential.rounds} rounds (${config.concurrent.rounds} for batches); a round is a tinybench \`Bench\` with one task per contender, in an order rotated every round; the first round warms up (${config.sequential.warmupIterations} calls, ${config.concurrent.warmupIterations} batch). All contenders of a round see the same session ids.`,
    `- Data: ${
      formatCount(config.baseSessions)
    } sessions over ${config.baseStores} stores (scaling: ${config.stores} stores), about 450 bytes of \`data\` each, seeded with \`insertMany\`. What a delete removes is seeded before each call, untimed. Batches of ${config.concurrency} \`deleteSessions\` calls delete ids that are absent (seeding ${
      formatCount(config.concurrency * config.deleteManyIds)
    } sessions per batch would dwarf the rest).`,
    "- Latency is per call (per batch in the concurrent tables); ops/s is operations over measured time. Ratios compare medians at concurrency 1 and throughput in batches.",
    `- The facade has no stream: its "whole store" row is \`findSessionsByStore(store)\` without \`limit\`, which sends the same \`find\` as the stream.`,
    "- The sweeper (FerretDB has no TTL index) runs once when a storage is built, then hourly, so no sweep lands in a measurement; index creation and sweeps are left out of the command counts."
  ]
}

/** `results.md`: every figure of the run. */
export const resultsMarkdown = (r: BenchResults): string =>
  [
    `# Benchmark results${r.mode === "smoke" ? " (smoke run: tiny counts, not for comparison)" : ""}`,
    "",
    ...setupLines(r),
    "",
    "## Targets",
    "",
    targetsTable(r),
    "",
    "## Round trips",
    "",
    "Commands sent for one call of each operation, captured from `commandStarted` events; the command documents of the layer and the facade are compared with the raw driver's (session ids and current times removed). The `commands/op` columns below count every command of the measured runs.",
    "",
    equivalenceTable(r),
    "",
    `## Operations, concurrency 1 (${formatCount(r.operations.sessions)} sessions, ${r.operations.stores} stores)`,
    "",
    table(
      ["operation", "contender", "median", "p99", "ops/s", "median / raw", "commands/op", "samples"],
      operationRows(
        r.operations.cases.filter((c) => c.concurrency === 1),
        false
      )
    ),
    "",
    `## Operations, batches of ${r.config.concurrency} concurrent calls`,
    "",
    table(
      ["operation", "contender", "batch median", "batch p99", "ops/s", "throughput / raw", "commands/op", "batches"],
      operationRows(r.operations.cases.filter((c) => c.concurrency > 1), true)
    ),
    "",
    "## Scaling: point operations against collection size",
    "",
    `Sessions spread over ${r.config.stores} stores; ids spread evenly over the collection (a table scan costs more the later the document). Medians.`,
    "",
    scalingTable(r),
    "",
    "![latency against collection size](scaling.svg)",
    "",
    "## Memory: reading one store",
    "",
    memoryTable(r),
    "",
    "## In-memory layer",
    "",
    inMemoryTables(r),
    "",
    ...method(r),
    ""
  ].join("\n")
