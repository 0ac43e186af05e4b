/**
 * `latest.md`: the README's Performance section, built from a run's results.
 */
import { memoryTable, scalingTable, setupLines, table, targetsTable } from "./markdown.js"
import type { BenchResults } from "./results.js"
import { entrant, findCase } from "./results.js"
import { formatCount, formatMiB, formatMs, formatOps, formatRatio, ratio } from "./stats.js"

const sequentialTable = (r: BenchResults): string =>
  table(
    ["operation", "raw driver", "layer", "facade", "layer / raw", "facade / raw", "p99 raw / layer / facade"],
    r.operations.cases.filter((c) => c.concurrency === 1).map((c) => {
      const median = (name: "raw" | "layer" | "facade") => entrant(c, name)?.summary.medianMs
      const p99 = (name: "raw" | "layer" | "facade") => formatMs(entrant(c, name)?.summary.p99Ms ?? Number.NaN)
      return [
        c.label,
        formatMs(median("raw") ?? Number.NaN),
        formatMs(median("layer") ?? Number.NaN),
        formatMs(median("facade") ?? Number.NaN),
        formatRatio(ratio(median("layer"), median("raw"))),
        formatRatio(ratio(median("facade"), median("raw"))),
        `${p99("raw")} / ${p99("layer")} / ${p99("facade")}`
      ]
    })
  )

const concurrentTable = (r: BenchResults): string =>
  table(
    ["operation", "raw driver ops/s", "layer ops/s", "facade ops/s", "layer / raw", "facade / raw"],
    r.operations.cases.filter((c) => c.concurrency > 1).map((c) => {
      const ops = (name: "raw" | "layer" | "facade") => entrant(c, name)?.summary.opsPerSec
      return [
        c.label,
        formatOps(ops("raw") ?? Number.NaN),
        formatOps(ops("layer") ?? Number.NaN),
        formatOps(ops("facade") ?? Number.NaN),
        formatRatio(ratio(ops("layer"), ops("raw"))),
        formatRatio(ratio(ops("facade"), ops("raw")))
      ]
    })
  )

const roundTrips = (r: BenchResults): string => {
  const single = r.operations.cases.filter((c) => c.concurrency === 1)
  const perCase = single.map((c) => {
    const counts = (["raw", "layer", "facade"] as const).map((name) =>
      formatRatio(entrant(c, name)?.commandsPerOperation ?? Number.NaN).replace(/\.?0+$/, "")
    )
    return { label: c.label, counts, same: counts.every((n) => n === counts[0]) }
  })
  const allSame = perCase.every((c) => c.same)
  const perOp = perCase.map((c) => `${c.label}: ${c.same ? c.counts[0] : c.counts.join(" / ")}`)
  const identical = r.operations.equivalence.every((e) => e.identical)
  return `Round trips, counted with the driver's command monitoring (\`commandStarted\`) over every measured call, commands per operation, ${
    allSame ? "the same for raw, layer and facade" : "raw / layer / facade where they differ"
  }: ${perOp.join("; ")}. ${
    identical
      ? "The layer and the facade send command documents identical to the raw driver's (checked before measuring)."
      : "**The command documents differ from the raw driver's** (see results.md)."
  }`
}

const scalingNote = (
  r: BenchResults,
  rawFirst: string,
  rawLast: string,
  layerFirst: string,
  layerLast: string,
  idOnly: readonly [string, string]
): string =>
  /ferret/i.test(r.backend.description)
    ? `On this backend every command scans the collection: FerretDB 1.24 on SQLite passes a filter to SQLite only when it is \`{ _id }\` alone, and even that SQL (\`_ferretdb_sjson->'$._id' = ?\`) does not match its \`_id\` index (\`_ferretdb_sjson->"_id"\`); the layer's filters (\`{ _id, store, id, ... }\`) are matched document by document inside FerretDB. So point operations grow with the collection for the raw driver as much as for the layer (load hit ${rawFirst} -> ${rawLast} raw, ${layerFirst} -> ${layerLast} layer; a raw \`findOne({ _id })\` alone, not what the layer sends: ${
      idOnly[0]
    } -> ${idOnly[1]}). On MongoDB each of these commands is an \`_id\` index lookup.`
    : `Load hit ${rawFirst} -> ${rawLast} raw, ${layerFirst} -> ${layerLast} layer.`

/**
 * What a ratio target can tell on this server: the layer's own work per call (the
 * in-memory layer, no server) against the raw driver's latency here.
 */
const ratioNote = (r: BenchResults): string => {
  const parts = (["loadSession.hit", "storeSession.update"] as const).map((key) => {
    const inMemory = findCase(r.inMemory.cases, key, 1)
    const raw = entrant(findCase(r.operations.cases, key, 1), "raw")?.summary.medianMs ?? Number.NaN
    const own = (name: "layer" | "facade") => entrant(inMemory, name)?.summary.medianMs ?? Number.NaN
    const share = (100 * Math.max(own("layer"), own("facade"))) / raw
    return `${inMemory?.label ?? key}: ${formatMs(own("layer"))} through the Effect API and ${
      formatMs(own("facade"))
    } through the facade, against ${formatMs(raw)} for the raw driver's call (${share.toFixed(2)}%)`
  })
  return `**Reading the ratio targets.** What the layer adds to a call is its own work (validation, copies, the Effect runtime), which the in-memory layer measures without a server: ${
    parts.join("; ")
  }. The MongoDB layer adds to that the decoding of the returned document and one promise per command, also microseconds. A ratio that misses by far more than that share is the server's run-to-run spread between contenders sending identical commands.`
}

/** The Markdown for the README's Performance section. */
export const latestMarkdown = (r: BenchResults): string => {
  const stream = r.memory.find((m) => m.mode === "layer-stream")
  const list = r.memory.find((m) => m.mode === "layer-list")
  const loop = (name: "layer" | "facade") => r.inMemory.throughput.find((e) => e.name === name)?.summary.opsPerSec
  const first = r.scaling[0]
  const last = r.scaling.at(-1)
  const loadAt = (step: typeof first, name: "raw" | "layer" | "raw _id-only") =>
    formatMs(
      entrant(step === undefined ? undefined : findCase(step.cases, "loadSession.hit", 1), name)?.summary.medianMs ??
        NaN
    )
  return [
    "## Performance",
    "",
    "`npm run bench` measures the Effect layer and the promise facade against the raw `mongodb` driver sending the very same commands, interleaved in rounds in one process against one server (the test server: `MONGODB_URI`, mongodb-memory-server, or FerretDB), plus the in-memory layer. `npm run bench:smoke` runs every part with tiny counts (CI). Full results: [bench/results/results.md](bench/results/results.md), raw figures in `results.json`.",
    "",
    ...setupLines(r),
    "",
    `**Targets.** ${r.targets.filter((t) => t.met).length} of ${r.targets.length} met.`,
    "",
    targetsTable(r),
    "",
    ratioNote(r),
    "",
    `**Latency at concurrency 1** (${
      formatCount(r.operations.sessions)
    } sessions over ${r.operations.stores} stores; medians):`,
    "",
    sequentialTable(r),
    "",
    `**Throughput in batches of ${r.config.concurrency} concurrent calls:**`,
    "",
    concurrentTable(r),
    "",
    roundTrips(r),
    "",
    "**Scaling** (medians; ids spread evenly over the collection):",
    "",
    scalingTable(r),
    "",
    "![latency against collection size](bench/results/scaling.svg)",
    "",
    scalingNote(r, loadAt(first, "raw"), loadAt(last, "raw"), loadAt(first, "layer"), loadAt(last, "layer"), [
      loadAt(first, "raw _id-only"),
      loadAt(last, "raw _id-only")
    ]),
    "",
    `**Memory.** Streaming ${
      formatCount(stream?.sessions ?? 0)
    } sessions of one store with \`streamSessionsByStore\` grew RSS by ${
      formatMiB(stream?.rssGrowth ?? NaN)
    } at peak (heap +${
      formatMiB(stream?.heapGrowth ?? NaN)
    }); listing them in one array with \`findSessionsByStore\` grew it by ${formatMiB(list?.rssGrowth ?? NaN)}.`,
    "",
    memoryTable(r),
    "",
    `**In-memory layer.** \`loadSession\`, validation included: ${
      formatOps(loop("layer") ?? NaN)
    }/s through the Effect API (one \`Effect.gen\` loop), ${
      formatOps(loop("facade") ?? NaN)
    }/s through \`MongoDBSessionStorage.inMemory()\` (awaited calls).`,
    ""
  ].join("\n")
}
