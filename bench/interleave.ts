/**
 * Interleaved rounds with tinybench: every round is a `Bench` with one task per
 * contender, run one after the other (the order rotates every round: A B C, B C A,
 * C A B, ...), so that a machine shared with other work slows every contender alike.
 * Samples of all rounds are pooled per contender; the first round warms up.
 */
import { Bench } from "tinybench"
import type { RoundPlan } from "./config.js"
import type { CommandCounter, CommandCounts } from "./counter.js"
import { difference } from "./counter.js"
import type { ContenderName } from "./operations.js"
import type { Summary } from "./stats.js"
import { summarize } from "./stats.js"

/** One contender's task in a round. */
export interface RoundTask {
  /** One measured call. */
  readonly fn: () => Promise<void>
  /** Untimed preparation before each call (seeding what the call deletes, say). */
  readonly beforeEach?: () => Promise<void>
}

/** A contender of an interleaved benchmark. */
export interface Entrant {
  readonly name: ContenderName
  /** Its commands, counted while it runs (none for the in-memory layer). */
  readonly counter?: CommandCounter
  /** Its task for round `round` (a fresh id sequence each round). */
  readonly task: (round: number) => RoundTask
}

/** What one contender measured. */
export interface EntrantResult {
  readonly name: ContenderName
  readonly summary: Summary
  /** Operations run, warm-up included. */
  readonly operations: number
  /** Commands its client started meanwhile, by name (one-off commands excluded). */
  readonly commands: CommandCounts
  /** Commands per operation. */
  readonly commandsPerOperation: number
}

/** Options of {@link runInterleaved}. */
export interface InterleaveOptions {
  readonly plan: RoundPlan
  /** Operations per call (the batch size of a concurrent case). */
  readonly opsPerCall: number
  /** Untimed clean-up after each task of a round (after its warm-up too). */
  readonly afterTask?: () => Promise<void>
}

const rotate = <A>(items: ReadonlyArray<A>, by: number): Array<A> => {
  const k = by % items.length
  return [...items.slice(k), ...items.slice(0, k)]
}

/** Runs the entrants in interleaved rounds and summarizes each. */
export const runInterleaved = async (
  entrants: ReadonlyArray<Entrant>,
  options: InterleaveOptions
): Promise<Array<EntrantResult>> => {
  const { opsPerCall, plan } = options
  const samples = new Map<ContenderName, Array<number>>(entrants.map((e) => [e.name, []]))
  const calls = new Map<ContenderName, number>(entrants.map((e) => [e.name, 0]))
  const before = new Map(entrants.map((e) => [e.name, e.counter?.snapshot() ?? {}]))
  const countCall = (name: ContenderName) => calls.set(name, (calls.get(name) ?? 0) + 1)
  for (let round = 0; round < plan.rounds; round++) {
    const warmup = round === 0 && plan.warmupIterations > 0
    const bench = new Bench({
      time: plan.time,
      iterations: plan.iterations,
      warmup,
      warmupTime: 0,
      warmupIterations: plan.warmupIterations,
      throws: true,
      ...(options.afterTask === undefined ? {} : { teardown: options.afterTask })
    })
    for (const entrant of rotate(entrants, round)) {
      const task = entrant.task(round)
      const fn = async () => {
        await task.fn()
        countCall(entrant.name)
      }
      bench.add(entrant.name, fn, task.beforeEach === undefined ? {} : { beforeEach: task.beforeEach })
    }
    for (const task of await bench.run()) {
      const result = task.result
      if (result === undefined || result.error !== undefined) {
        throw result?.error ?? new Error(`task ${task.name} produced no result`)
      }
      samples.get(task.name as ContenderName)?.push(...result.latency.samples)
    }
  }
  return entrants.map((entrant) => {
    const commands = difference(entrant.counter?.snapshot() ?? {}, before.get(entrant.name) ?? {})
    const operations = (calls.get(entrant.name) ?? 0) * opsPerCall
    const total = Object.values(commands).reduce((sum, n) => sum + n, 0)
    return {
      name: entrant.name,
      summary: summarize(samples.get(entrant.name) ?? [], opsPerCall),
      operations,
      commands,
      commandsPerOperation: operations === 0 ? Number.NaN : total / operations
    }
  })
}
