/**
 * The server dies in the middle of a mixed load (SIGKILL, like a crash) and comes back
 * on the same port with the same data. The test owns that server. During the outage
 * every operation fails with a typed error within the configured timeout; nothing
 * hangs, nothing crashes, no rejection goes unhandled; afterwards the very same facade
 * and the very same built layer work again, and every acknowledged store is there.
 */
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Layer } from "effect"
import { MongoDatabase, MongoDBSessionStorage, MongoSessionStorage } from "../../src/index.js"
import { buildStorage, eventually } from "../mongo/helpers.js"
import type { MongoBackend } from "../support/backend.js"
import { startBackend } from "../support/backend.js"
import type { Driver } from "./support/drivers.js"
import { effectDriver, facadeDriver } from "./support/drivers.js"
import type { OperationRecord } from "./support/faults.js"
import { captureProcessFaults, mixedLoadWorker, recorded } from "./support/faults.js"

/** The configured timeout (connectTimeout, hence serverSelectionTimeoutMS). */
const TIMEOUT_MS = 1_500
/** How long a failing call may take: one server selection, the retries' back-off (100, 200, 400 ms), a loaded machine. */
const FAILURE_BOUND_MS = TIMEOUT_MS + 2_500
/** Longer than the bound, so that a call that waits for the server to come back is caught. */
const OUTAGE_MS = 7_000
const WORKERS_PER_API = 4
const dbName = "reliability_kill"

let backend: MongoBackend | undefined
beforeAll(async () => {
  backend = await startBackend("ferretdb")
}, 120_000)
afterAll(async () => {
  await backend?.stop()
})

const server = (): MongoBackend => {
  if (backend === undefined) throw new Error("the server starts in beforeAll")
  return backend
}

/** Both APIs over the test's own server, each built once, with the short timeout. */
const bothApis = Effect.gen(function*() {
  const facade = yield* Effect.acquireRelease(
    Effect.sync(() =>
      new MongoDBSessionStorage({ url: server().uri, dbName, collectionName: "facade", connectTimeout: TIMEOUT_MS })
    ),
    (facade) => Effect.promise(() => facade.disconnect())
  )
  const storage = yield* buildStorage(
    MongoSessionStorage.layer({ collectionName: "effect" }).pipe(
      Layer.provide(MongoDatabase.layer({ url: server().uri, dbName, connectTimeout: TIMEOUT_MS }))
    )
  )
  return [facadeDriver(facade), effectDriver(storage)] as const
})

const summary = (records: ReadonlyArray<OperationRecord>) => {
  const counts: Record<string, number> = {}
  for (const r of records) {
    counts[`${r.api} ${r.method} ${r.result}`] = (counts[`${r.api} ${r.method} ${r.result}`] ?? 0) + 1
  }
  return counts
}

/** Whether `driver` stores and loads again, with calls started now. */
const worksAgain = (records: Array<OperationRecord>, driver: Driver) =>
  Effect.gen(function*() {
    const id = `probe-${Date.now()}`
    const stored = yield* recorded(records, driver, "storeSession", ["s", { id }], id)
    if (stored.kind !== "ok") return false
    const loaded = yield* recorded(records, driver, "loadSession", ["s", id])
    return loaded.kind === "ok"
  })

describe("server killed mid-load, then restarted", () => {
  it.live(
    "typed errors within the timeout, the same instances recover, acknowledged stores survive",
    () =>
      Effect.gen(function*() {
        const faults = yield* captureProcessFaults
        const drivers = yield* bothApis
        const records: Array<OperationRecord> = []
        let running = true
        const workers = yield* Effect.forkScoped(Effect.all(
          drivers.flatMap((driver) =>
            Array.from({ length: WORKERS_PER_API }, (_, w) => mixedLoadWorker(records, driver, "s", w, () => running))
          ),
          { concurrency: "unbounded" }
        ))

        yield* Effect.sleep("2 seconds")
        const killedAt = Date.now()
        yield* Effect.promise(() => server().kill())
        yield* Effect.sleep(OUTAGE_MS)
        const restartedAt = Date.now()
        yield* Effect.promise(() => server().restart())
        const recovered = yield* Effect.all(drivers.map((driver) => eventually(worksAgain(records, driver), 20_000)))
        const recoveredAt = Date.now()
        yield* Effect.sleep("500 millis")
        running = false
        yield* Fiber.join(workers)

        const failures = records.filter((r) => r.result !== "ok")
        console.log(
          "server kill:",
          JSON.stringify({
            outageMs: restartedAt - killedAt,
            recoveredAfterRestartMs: recoveredAt - restartedAt,
            slowestFailureMs: Math.max(...failures.map((r) => r.endedAt - r.startedAt)),
            acknowledgedBeforeKill: records.filter((r) =>
              r.method === "storeSession" && r.result === "ok" && r.endedAt < killedAt
            ).length,
            calls: summary(records)
          })
        )
        expect(recovered).toEqual([true, true])

        expect(new Set(failures.map((r) => r.result))).toEqual(new Set(["ConnectionError"]))
        for (const driver of drivers) expect(failures.filter((r) => r.api === driver.name).length).toBeGreaterThan(0)
        const slowest = Math.max(...failures.map((r) => r.endedAt - r.startedAt))
        expect(slowest).toBeLessThanOrEqual(FAILURE_BOUND_MS)
        // Calls started well inside the outage ended inside it: none waited for the restart.
        const duringOutage = records.filter((r) =>
          r.startedAt > killedAt && r.startedAt < restartedAt - FAILURE_BOUND_MS
        )
        expect(duringOutage.length).toBeGreaterThan(0)
        expect(duringOutage.filter((r) => r.result === "ok" || r.endedAt >= restartedAt)).toEqual([])

        // Acknowledged means durable: every store that resolved is there, read through the same instances.
        for (const driver of drivers) {
          const acknowledged = records.filter((r) =>
            r.api === driver.name && r.method === "storeSession" && r.result === "ok"
          )
          expect(acknowledged.filter((r) => r.endedAt < killedAt).length).toBeGreaterThan(0)
          const listing = yield* driver.call("findSessionsByStore", ["s"])
          expect(listing.kind).toBe("ok")
          const present = new Set(
            (listing.kind === "ok" ? listing.value as Array<{ id: string }> : []).map((s) => s.id)
          )
          expect(acknowledged.filter((r) => !present.has(r.id ?? ""))).toEqual([])
        }

        yield* Effect.sleep("100 millis") // a stray rejection would surface by now
        expect(faults).toEqual([])
      }).pipe(Effect.scoped),
    90_000
  )
})
