/**
 * The facade's life: lazy construction, one shared connection, failed connections
 * forgotten, disconnect, and rejections that are the library's own errors.
 */
import { Deferred, Effect, Layer, Option } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import {
  ConnectionError,
  InMemorySessionStorage,
  MongoDBSessionStorage,
  SessionStorage,
  StorageClosedError,
  ValidationError
} from "../../src/index.js"

/** A layer that counts its builds and fails the first `failures` of them. */
const countingLayer = (failures = 0) => {
  const counter = { builds: 0, releases: 0 }
  const layer = Layer.scoped(
    SessionStorage.SessionStorage,
    Effect.gen(function*() {
      counter.builds++
      yield* Effect.sleep("20 millis")
      if (counter.builds <= failures) {
        return yield* new ConnectionError({ operation: "connect", reason: "the server is down" })
      }
      yield* Effect.addFinalizer(() => Effect.sync(() => counter.releases++))
      return yield* InMemorySessionStorage.make()
    })
  )
  return { counter, layer }
}

let unhandled: Array<unknown> = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)
beforeEach(() => {
  unhandled = []
  process.on("unhandledRejection", onUnhandled)
})
afterEach(() => {
  process.off("unhandledRejection", onUnhandled)
  expect(unhandled).toEqual([])
})

describe("MongoDBSessionStorage lifecycle", () => {
  it("the constructor does no I/O, even with an unreachable server", async () => {
    const storage = new MongoDBSessionStorage({ url: "mongodb://127.0.0.1:1/", dbName: "nowhere", connectTimeout: 300 })
    await storage.disconnect()
    await expect(storage.loadSession("s", "a")).rejects.toBeInstanceOf(StorageClosedError)
  })

  it("concurrent first operations share one connection", async () => {
    const { counter, layer } = countingLayer()
    const storage = MongoDBSessionStorage.fromLayer(layer)
    expect(counter.builds).toBe(0)
    const results = await Promise.all([
      storage.storeSession("s", { id: "a" }),
      storage.loadSession("s", "a"),
      storage.findSessionsByStore("s"),
      storage.ensureIndex()
    ])
    expect(results[0].id).toBe("a")
    expect(counter.builds).toBe(1)
    await storage.loadSession("s", "a")
    expect(counter.builds).toBe(1)
    await storage.disconnect()
    expect(counter.releases).toBe(1)
  })

  it("a failed connection is not remembered: the next call tries again", async () => {
    const { counter, layer } = countingLayer(1)
    const storage = MongoDBSessionStorage.fromLayer(layer)
    const first = await Promise.allSettled([storage.loadSession("s", "a"), storage.loadSession("s", "b")])
    expect(first.map((r) => r.status)).toEqual(["rejected", "rejected"])
    expect(first[0]).toMatchObject({ reason: { _tag: "ConnectionError" } })
    expect(counter.builds).toBe(1)
    expect(await storage.loadSession("s", "a")).toBeNull()
    expect(counter.builds).toBe(2)
    await storage.disconnect()
  })

  it("an unreachable server rejects with ConnectionError within the connect timeout", async () => {
    const storage = new MongoDBSessionStorage({ url: "mongodb://127.0.0.1:1/", dbName: "nowhere", connectTimeout: 500 })
    const started = Date.now()
    const error = await storage.loadSession("s", "a").catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).toBeInstanceOf(Error)
    expect(Date.now() - started).toBeLessThan(3_000)
    await storage.disconnect()
  })

  it("bad input is refused before connecting: ValidationError at once, even with the server down", async () => {
    const down = { url: "mongodb://127.0.0.1:1/", dbName: "nowhere", connectTimeout: "5 seconds" } as const
    const cases = [
      { storage: new MongoDBSessionStorage(down), data: { f: () => 1 } },
      // The configured limit applies before the first connection too.
      { storage: new MongoDBSessionStorage({ ...down, maxDataBytes: 10 }), data: { blob: "more than ten bytes" } }
    ]
    for (const { data, storage } of cases) {
      const started = Date.now()
      const rejections = await Promise.all([
        storage.loadSession({ $ne: null } as never, "a").catch((e: unknown) => e),
        storage.storeSession("s", { id: "a", data }).catch((e: unknown) => e),
        storage.deleteSessions("s", [{ $gt: "" } as never]).catch((e: unknown) => e),
        storage.findSessionsByStore("s", { limit: 0 }).catch((e: unknown) => e)
      ])
      expect(Date.now() - started).toBeLessThan(1_000)
      expect(rejections.map((e) => e instanceof ValidationError)).toEqual([true, true, true, true])
      await storage.disconnect()
    }
  })

  it("disconnect is idempotent, and later calls reject with StorageClosedError", async () => {
    const storage = MongoDBSessionStorage.inMemory()
    await storage.storeSession("s", { id: "a" })
    await Promise.all([storage.disconnect(), storage.disconnect()])
    await storage.disconnect()
    for (
      const call of [
        () => storage.storeSession("s", { id: "a" }),
        () => storage.loadSession("s", "a"),
        () => storage.deleteSession("s", "a"),
        () => storage.deleteSessions("s", ["a"]),
        () => storage.findSessionsByStore("s"),
        () => storage.ensureIndex()
      ]
    ) {
      await expect(call()).rejects.toBeInstanceOf(StorageClosedError)
    }
  })

  it("disconnect during the first connection rejects the waiting calls with StorageClosedError", async () => {
    const { counter, layer } = countingLayer()
    const storage = MongoDBSessionStorage.fromLayer(layer)
    const pending = storage.loadSession("s", "a")
    await storage.disconnect()
    await expect(pending).rejects.toBeInstanceOf(StorageClosedError)
    expect(counter.releases).toBe(0)
  })

  it("an operation in flight when disconnect() is called rejects with StorageClosedError", async () => {
    const gate = Effect.runSync(Deferred.make<void>())
    const slow = Layer.scoped(
      SessionStorage.SessionStorage,
      Effect.map(InMemorySessionStorage.make(), (storage) =>
        SessionStorage.SessionStorage.of({
          ...storage,
          loadSession: () => Effect.as(Deferred.await(gate), Option.none())
        }))
    )
    const storage = MongoDBSessionStorage.fromLayer(slow)
    await storage.ensureIndex()
    const pending = storage.loadSession("s", "a")
    await storage.disconnect()
    await expect(pending).rejects.toBeInstanceOf(StorageClosedError)
  })

  it("rejections are the library's errors, with instanceof, _tag and a readable message", async () => {
    const storage = MongoDBSessionStorage.inMemory()
    const error = await storage.storeSession("s", { id: { $ne: null } as never }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({ _tag: "ValidationError", path: ["session", "id"] })
    expect(String(error)).toMatch(/^ValidationError: storeSession: session\.id must be a non-empty string/)
    await storage.disconnect()
  })

  it("invalid options throw ValidationError from the constructor, naming the option", () => {
    const cases: Array<[() => unknown, ReadonlyArray<string>]> = [
      [() => new MongoDBSessionStorage({ url: "", dbName: "qumra" }), ["options", "url"]],
      [() => new MongoDBSessionStorage({ url: "mongodb://h", dbName: "a/b" }), ["options", "dbName"]],
      [() => new MongoDBSessionStorage({ url: "mongodb://h", dbName: "q", expiry: "often" as never }), [
        "options",
        "expiry"
      ]],
      [() => new MongoDBSessionStorage({ url: "mongodb://h", dbName: "q", $where: 1 } as never), ["options", "$where"]],
      [() => new MongoDBSessionStorage({ url: "mongodb://h", dbName: "q", maxDataBytes: -1 }), [
        "options",
        "maxDataBytes"
      ]],
      [() => new MongoDBSessionStorage(null as never), ["options"]]
    ]
    for (const [construct, path] of cases) {
      let thrown: unknown
      try {
        construct()
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(ValidationError)
      expect((thrown as ValidationError).path).toEqual(path)
    }
  })

  it("the in-memory twin keeps stores apart and expires sessions like the real one", async () => {
    const storage = MongoDBSessionStorage.inMemory()
    await storage.storeSession("a", { id: "x", expiresAt: new Date(Date.now() + 50) })
    await storage.storeSession("b", { id: "x" })
    expect(await storage.loadSession("a", "x")).not.toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(await storage.loadSession("a", "x")).toBeNull()
    expect(await storage.loadSession("b", "x")).not.toBeNull()
    await storage.disconnect()
  })
})
