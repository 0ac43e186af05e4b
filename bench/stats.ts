/**
 * Statistics of latency samples, and the formatting used in the reports.
 */

/** What is reported for one contender of one case. */
export interface Summary {
  /** Measured calls (a call is one operation, or one batch in the concurrent cases). */
  readonly samples: number
  /** Operations per call: 1, or the batch size. */
  readonly opsPerCall: number
  /** Median latency of a call, ms. */
  readonly medianMs: number
  /** 99th percentile latency of a call, ms. */
  readonly p99Ms: number
  /** Mean latency of a call, ms. */
  readonly meanMs: number
  /** Operations per second over the measured time: `samples * opsPerCall / total time`. */
  readonly opsPerSec: number
}

/** The `q` quantile (0..1) of sorted samples, interpolated as tinybench does. */
export const quantile = (sorted: ReadonlyArray<number>, q: number): number => {
  if (sorted.length === 0) return Number.NaN
  const position = (sorted.length - 1) * q
  const below = Math.floor(position)
  const low = sorted[below] ?? Number.NaN
  const high = sorted[below + 1]
  return high === undefined ? low : low + (position - below) * (high - low)
}

/** Summarizes latency samples (ms) of calls of `opsPerCall` operations each. */
export const summarize = (samples: ReadonlyArray<number>, opsPerCall: number): Summary => {
  const sorted = [...samples].sort((a, b) => a - b)
  const total = sorted.reduce((sum, x) => sum + x, 0)
  return {
    samples: sorted.length,
    opsPerCall,
    medianMs: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    meanMs: sorted.length === 0 ? Number.NaN : total / sorted.length,
    opsPerSec: total === 0 ? Number.NaN : (sorted.length * opsPerCall * 1000) / total
  }
}

/** `a / b`, or NaN when either is missing. */
export const ratio = (a: number | undefined, b: number | undefined): number =>
  a === undefined || b === undefined || b === 0 ? Number.NaN : a / b

/** A latency for humans: µs below 1 ms, else ms with 3 significant digits. */
export const formatMs = (ms: number): string => {
  if (!Number.isFinite(ms)) return "n/a"
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`
  if (ms < 1000) return `${ms.toPrecision(3)} ms`
  return `${(ms / 1000).toPrecision(3)} s`
}

/** Operations per second with thousands separators. */
export const formatOps = (opsPerSec: number): string =>
  Number.isFinite(opsPerSec) ? Math.round(opsPerSec).toLocaleString("en-US") : "n/a"

/** A ratio with 3 decimals. */
export const formatRatio = (r: number): string => (Number.isFinite(r) ? r.toFixed(3) : "n/a")

/** Bytes as MiB with one decimal. */
export const formatMiB = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`

/** A count with thousands separators. */
export const formatCount = (n: number): string => n.toLocaleString("en-US")
