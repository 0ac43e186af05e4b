/**
 * Model-based equivalence: random sequences of stores, loads, deletes, listings with
 * random pages, streams, clock advances and invalid calls run through the in-memory
 * layer (the model) and the MongoDB layer side by side, with the same `TestClock`;
 * every result must be equal. Each sequence uses fresh stores, and the collection is
 * emptied after it.
 *
 * `FC_SEED` replays a run (the seed is printed either way), `FC_RUNS` sets how many
 * sequences run (default 200), `FC_MAX_OPS` their longest length (default 30).
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Runtime, TestClock } from "effect"
import { InMemorySessionStorage } from "../../src/index.js"
import { buildStorage, storageOver } from "../mongo/helpers.js"
import { useTestDatabase } from "../support/mongo.js"
import { sequence, STORES } from "./support/modelOps.js"
import { runSequence } from "./support/modelRun.js"

const mongo = useTestDatabase(import.meta.url)
const envNumber = (name: string): number | undefined => {
  const raw = process.env[name]
  return raw === undefined || raw === "" ? undefined : Number(raw)
}
const seed = envNumber("FC_SEED") ?? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff))
const numRuns = envNumber("FC_RUNS") ?? 200
const maxOps = envNumber("FC_MAX_OPS") ?? 30
const collectionName = "model"

describe("model-based equivalence of the in-memory and MongoDB layers", () => {
  it.effect(
    `${numRuns} random sequences of up to ${maxOps} operations give equal results`,
    () =>
      Effect.gen(function*() {
        console.log(`model test: FC_SEED=${seed} FC_RUNS=${numRuns} FC_MAX_OPS=${maxOps}`)
        yield* TestClock.setTime(Math.floor(Date.now() / 1000) * 1000)
        // The sweeper would run once per simulated minute of every clock advance: keep it out of the way.
        const real = yield* buildStorage(storageOver(mongo.db(), { collectionName, sweepInterval: "1000 days" }))
        const collection = mongo.db().collection(collectionName)
        const runtime = yield* Effect.runtime<never>()
        let run = 0
        const started = Date.now()
        let operations = 0

        const property = fc.asyncProperty(sequence(maxOps), (ops) => {
          const stores = Array.from({ length: STORES }, (_, i) => `run${++run}-store${i}`)
          operations += ops.length
          return Runtime.runPromise(runtime)(
            Effect.gen(function*() {
              const model = yield* InMemorySessionStorage.make()
              yield* runSequence(ops, model, real, stores).pipe(Effect.mapError((difference) => new Error(difference)))
            }).pipe(Effect.scoped, Effect.ensuring(Effect.promise(() => collection.deleteMany({}))))
          )
        })
        const details = yield* Effect.promise(() =>
          fc.check(property, { seed, numRuns, interruptAfterTimeLimit: 300_000, markInterruptAsFailure: true })
        )
        console.log(
          `model test: ${details.numRuns} sequences, ${operations} operations (shrinking included) in ${
            Date.now() - started
          } ms`
        )
        if (details.failed) {
          console.error([
            `model test failed: replay with FC_SEED=${details.seed} (path ${String(details.counterexamplePath)})`,
            `failing sequence: ${fc.stringify(details.counterexample)}`,
            String(details.errorInstance instanceof Error ? details.errorInstance.message : details.errorInstance)
          ].join("\n"))
        }
        expect(details.failed, `seed ${details.seed}: ${fc.stringify(details.counterexample)}`).toBe(false)
      }).pipe(Effect.scoped),
    400_000
  )
})
