/**
 * Concurrent stores and deletes of the same keys end in a state some serial order of
 * those calls would give, consistent with what each call returned: for each key the
 * session is either gone (and a delete says it deleted it) or holds one of the stored
 * values, exactly as that store returned it. Through the Effect API and the facade over
 * MongoDB, and the in-memory layer as a control.
 */
import { describe, expect, it } from "@effect/vitest"
import type { Scope } from "effect"
import { Effect, Option } from "effect"
import { InMemorySessionStorage, MongoDBSessionStorage, type Session } from "../../src/index.js"
import { buildStorage, freshCollection, storageOver } from "../mongo/helpers.js"
import { useTestDatabase } from "../support/mongo.js"
import type { Driver } from "./support/drivers.js"
import { effectDriver, facadeDriver } from "./support/drivers.js"
import { resultOf } from "./support/faults.js"
import type { KeyHistory } from "./support/serialOrder.js"
import { serialOrderViolations } from "./support/serialOrder.js"

const mongo = useTestDatabase(import.meta.url)
const KEYS = 16
const STORES_PER_KEY = 12
// More deletes than a key ever has sessions, so that a delete reporting a deletion it did
// not make shows (more deletes found a session than ever existed).
const DELETES_PER_KEY = 18
const SEED = 20_240_601

/** A small seeded generator (mulberry32), so that the interleaving is the same every run. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
}

type Call = { readonly key: number; readonly kind: "store"; readonly value: number } | {
  readonly key: number
  readonly kind: "deleteSession" | "deleteSessions" | "deleteSessions twice"
}

const calls = (): Array<Call> => {
  const next = random(SEED)
  const all: Array<Call> = []
  for (let key = 0; key < KEYS; key++) {
    for (let value = 0; value < STORES_PER_KEY; value++) all.push({ key, kind: "store", value })
    for (let d = 0; d < DELETES_PER_KEY; d++) {
      all.push({ key, kind: (["deleteSession", "deleteSessions", "deleteSessions twice"] as const)[d % 3]! })
    }
  }
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[all[i], all[j]] = [all[j]!, all[i]!]
  }
  return all
}

const id = (key: number) => `key-${key}`

const argsOf = (call: Call): [method: Parameters<Driver["call"]>[0], args: ReadonlyArray<unknown>] =>
  call.kind === "store"
    ? ["storeSession", ["s", {
      id: id(call.key),
      userId: `u${call.value % 3}`,
      data: { key: call.key, value: call.value }
    }]]
    : call.kind === "deleteSession"
    ? ["deleteSession", ["s", id(call.key)]]
    : ["deleteSessions", ["s", call.kind === "deleteSessions" ? [id(call.key)] : [id(call.key), id(call.key)]]]

const targets: ReadonlyArray<{ readonly name: string; readonly make: Effect.Effect<Driver, unknown, Scope.Scope> }> = [
  {
    name: "Effect API over MongoDB",
    make: Effect.suspend(() =>
      Effect.map(
        buildStorage(storageOver(mongo.db(), { collectionName: freshCollection("delete_store"), expiry: "none" })),
        effectDriver
      )
    )
  },
  {
    name: "facade over MongoDB",
    make: Effect.map(
      Effect.acquireRelease(
        Effect.sync(() => new MongoDBSessionStorage(mongo.db(), { collectionName: freshCollection("delete_store") })),
        (facade) => Effect.promise(() => facade.disconnect())
      ),
      facadeDriver
    )
  },
  { name: "in-memory layer", make: Effect.map(InMemorySessionStorage.make(), effectDriver) }
]

describe("concurrent stores and deletes of the same keys", () => {
  for (const target of targets) {
    it.live(`${target.name}: the end state is that of a serial order of the calls`, () =>
      Effect.gen(function*() {
        const driver = yield* target.make
        const existedBefore = (key: number) => key % 2 === 0
        for (let key = 0; key < KEYS; key += 2) {
          expect(resultOf(yield* driver.call("storeSession", ["s", { id: id(key), data: { key, value: "before" } }])))
            .toBe("ok")
        }
        const outcomes = yield* Effect.forEach(calls(), (call) => {
          const [method, args] = argsOf(call)
          return Effect.map(driver.call(method, args), (outcome) => ({ call, outcome }))
        }, { concurrency: "unbounded" })
        expect(outcomes.map(({ outcome }) => resultOf(outcome)).filter((r) => r !== "ok")).toEqual([])

        const problems: Array<string> = []
        for (let key = 0; key < KEYS; key++) {
          const mine = outcomes.filter(({ call }) => call.key === key)
          const loaded = yield* driver.call("loadSession", ["s", id(key)])
          expect(loaded.kind).toBe("ok")
          const value = loaded.kind === "ok" ? loaded.value : undefined
          const final = (Option.isOption(value) ? Option.getOrUndefined(value) : value ?? undefined) as
            | Session
            | undefined
          const history: KeyHistory = {
            existedBefore: existedBefore(key),
            stored: mine.flatMap(({ call, outcome }) =>
              call.kind === "store" && outcome.kind === "ok" ? [outcome.value as Session] : []
            ),
            deleted: mine.flatMap(({ call, outcome }) =>
              call.kind !== "store" && outcome.kind === "ok" ? [outcome.value === true || outcome.value === 1] : []
            ),
            final
          }
          const counts = mine.filter(({ call, outcome }) =>
            call.kind !== "store" && outcome.kind === "ok" && ![true, false, 0, 1].includes(outcome.value as never)
          )
          if (counts.length > 0) problems.push(`${id(key)}: a delete of one id reported more than one deletion`)
          problems.push(...serialOrderViolations(history).map((problem) => `${id(key)}: ${problem}`))
        }
        expect(problems).toEqual([])
      }).pipe(Effect.scoped), 60_000)
  }
})
