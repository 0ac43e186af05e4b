/**
 * Where the benchmark ran: machine, versions, and the backend.
 */
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from "node:os"

/** The machine and software of a run. */
export interface Environment {
  readonly cpuModel: string
  readonly cores: number
  readonly memoryBytes: number
  readonly os: string
  readonly node: string
  readonly versions: Readonly<Record<"library" | "mongodb" | "effect" | "tinybench" | "tsx", string>>
  /** The commit measured (with `+changes` when the work tree differs from it). */
  readonly commit: string
  /** 1-minute load average at the start (the machine may be shared). */
  readonly loadAverageAtStart: number
}

const packageVersion = (name: string): string => {
  try {
    const url = new URL(`../node_modules/${name}/package.json`, import.meta.url)
    return (JSON.parse(readFileSync(url, "utf8")) as { version?: string }).version ?? "unknown"
  } catch {
    return "unknown"
  }
}

const gitCommit = (): string => {
  const cwd = new URL("../", import.meta.url)
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd, encoding: "utf8" }).trim()
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src"], { cwd, encoding: "utf8" }).trim()
    return dirty === "" ? head : `${head}+changes in src`
  } catch {
    return "unknown"
  }
}

/** Describes this machine and the installed versions. */
export const environment = (): Environment => {
  const library = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
  return {
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    cores: availableParallelism(),
    memoryBytes: totalmem(),
    os: `${platform()} ${release()}`,
    node: process.version,
    versions: {
      library: library.version,
      mongodb: packageVersion("mongodb"),
      effect: packageVersion("effect"),
      tinybench: packageVersion("tinybench"),
      tsx: packageVersion("tsx")
    },
    commit: gitCommit(),
    loadAverageAtStart: loadavg()[0] ?? Number.NaN
  }
}

/** The current 1-minute load average. */
export const loadAverage = (): number => loadavg()[0] ?? Number.NaN
