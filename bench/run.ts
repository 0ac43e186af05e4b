/**
 * The benchmark harness (`npm run bench`, `npm run bench:smoke`): the in-memory layer,
 * then the raw `mongodb` driver, the Effect layer and the promise facade against the
 * test server (`startBackend()`, the tests' own resolution), and the results written to
 * `bench/results/` (`results/smoke/` for the smoke run); a full run also rewrites the
 * README's Performance section. `--render` writes the reports again from the last
 * `results.json` without measuring. Exits non-zero on any error.
 */
import { randomBytes } from "node:crypto"
import { mkdir, readFile, rename, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { startBackend } from "../test/support/backend.js"
import { scalingChart } from "./chart.js"
import type { BenchConfig } from "./config.js"
import { fullConfig, smokeConfig } from "./config.js"
import { closeClients, connectClients } from "./contenders.js"
import { environment, loadAverage } from "./environment.js"
import { benchInMemory } from "./in-memory.js"
import { latestMarkdown } from "./latest.js"
import { backendName, resultsMarkdown } from "./markdown.js"
import { benchMemory } from "./memory.js"
import { benchOperations, benchScaling, log } from "./mongo.js"
import type { BenchResults } from "./results.js"
import { judgeTargets } from "./results.js"

const writeAtomically = async (file: string, content: string): Promise<void> => {
  await writeFile(`${file}.tmp`, content)
  await rename(`${file}.tmp`, file)
}

/** Writes `results.json`, `results.md`, `latest.md` and `scaling.svg` into the output folder. */
const writeResults = async (config: BenchConfig, results: BenchResults): Promise<void> => {
  await mkdir(config.outputDir, { recursive: true })
  const subtitle = `${backendName(results)}, ${results.startedAt.slice(0, 10)}`
  await writeAtomically(join(config.outputDir, "results.json"), `${JSON.stringify(results, null, 2)}\n`)
  await writeAtomically(join(config.outputDir, "results.md"), resultsMarkdown(results))
  await writeAtomically(join(config.outputDir, "latest.md"), latestMarkdown(results))
  await writeAtomically(join(config.outputDir, "scaling.svg"), scalingChart(results.scaling, subtitle))
  if (config.mode === "full") await updateReadme(latestMarkdown(results))
}

const README = fileURLToPath(new URL("../README.md", import.meta.url))
const START = "<!-- performance:start (written by npm run bench) -->"
const END = "<!-- performance:end -->"

/** Replaces the README's Performance section (between its markers) with `latest`. */
const updateReadme = async (latest: string): Promise<void> => {
  const readme = await readFile(README, "utf8")
  const from = readme.indexOf(START)
  const to = readme.indexOf(END)
  if (from === -1 || to < from) throw new Error(`README.md has no ${START} ... ${END} markers`)
  // The section's own heading stays in the README; links are relative to the repository root.
  const body = latest.replace(/^## Performance\n+/, "")
  await writeAtomically(README, `${readme.slice(0, from + START.length)}\n${body.trimEnd()}\n${readme.slice(to)}`)
}

const main = async (config: BenchConfig): Promise<BenchResults> => {
  const started = performance.now()
  const startedAt = new Date().toISOString()
  const env = environment()
  log(
    `Benchmark (${config.mode}): ${env.cpuModel}, ${env.cores} cores, Node.js ${env.node}, mongodb ${env.versions.mongodb}`
  )
  const inMemory = await benchInMemory(config)
  const backend = await startBackend()
  log(backend.description)
  try {
    const clients = await connectClients(backend.uri)
    const dbName = `bench_${randomBytes(4).toString("hex")}`
    try {
      const db = clients.admin.db(dbName)
      const operations = await benchOperations(config, clients, db)
      const scaling = await benchScaling(config, clients, db)
      const memory = await benchMemory(config, clients, backend.uri, dbName)
      await db.dropDatabase()
      const partial = {
        mode: config.mode,
        startedAt,
        environment: env,
        backend: { name: backend.name, version: backend.version, description: backend.description },
        config,
        operations,
        scaling,
        memory,
        inMemory
      }
      return {
        ...partial,
        wallSeconds: (performance.now() - started) / 1000,
        loadAverageAtEnd: loadAverage(),
        targets: judgeTargets(partial)
      }
    } finally {
      await clients.admin.db(dbName).dropDatabase().catch(() => undefined)
      await closeClients(clients)
    }
  } finally {
    await backend.stop()
  }
}

// Exiting runs the backend's exit hook, which kills the server it started.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130))

const config = process.argv.includes("--smoke") ? smokeConfig : fullConfig
if (process.argv.includes("--render")) {
  // Only the reports, from the last run's results.json (after a change to their format).
  const results = JSON.parse(await readFile(join(config.outputDir, "results.json"), "utf8")) as BenchResults
  await writeResults(config, results)
  log(`Reports written again from ${join(config.outputDir, "results.json")}`)
  process.exit(0)
}
try {
  const results = await main(config)
  await writeResults(config, results)
  log(`\nTargets (${results.targets.filter((t) => t.met).length} of ${results.targets.length} met):`)
  for (const t of results.targets) log(`  ${t.met ? "met   " : "MISSED"} ${t.target}: ${t.measured}`)
  log(`\nResults in ${config.outputDir} (${(results.wallSeconds / 60).toFixed(1)} min)`)
  process.exit(0)
} catch (error) {
  console.error("Benchmark failed:", error)
  process.exit(1)
}
