/**
 * A server that is not there from the start (a closed port), or that accepts
 * connections and never answers: the first operation rejects with `ConnectionError`
 * within the configured timeout (give or take a second), through the facade and the
 * Effect layers alike, and so does the next one.
 */
import { describe, expect, it } from "@effect/vitest"
import type { Scope } from "effect"
import { Cause, Effect, Exit, Layer } from "effect"
import { createServer } from "node:net"
import type { Socket } from "node:net"
import { ConnectionError, MongoDatabase, MongoDBSessionStorage, MongoSessionStorage } from "../../src/index.js"
import { closedPort } from "../mongo/helpers.js"
import { captureProcessFaults } from "./support/faults.js"

const TIMEOUT_MS = 1_500
const SLACK_MS = 1_000

/** A port that accepts TCP connections and never sends a byte. */
const silentPort: Effect.Effect<number, never, Scope.Scope> = Effect.acquireRelease(
  Effect.async<{ port: number; close: () => void }>((resume) => {
    const sockets = new Set<Socket>()
    const server = createServer((socket) => {
      sockets.add(socket)
      socket.on("error", () => undefined)
    })
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      resume(Effect.succeed({
        port,
        close: () => {
          for (const socket of sockets) socket.destroy()
          server.close()
        }
      }))
    })
  }),
  ({ close }) => Effect.sync(close)
).pipe(Effect.map(({ port }) => port))

/** A promise call whose rejection is the failure, as it is. */
const rejection = <A>(call: () => Promise<A>) => Effect.tryPromise({ try: call, catch: (error) => error })

const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const started = Date.now()
    const exit = yield* Effect.exit(effect)
    return { exit, ms: Date.now() - started }
  })

const expectConnectionErrorInTime = (
  { exit, ms }: { readonly exit: Exit.Exit<unknown, unknown>; readonly ms: number }
) => {
  expect(Exit.isFailure(exit)).toBe(true)
  const error = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
  expect(error).toBeInstanceOf(ConnectionError)
  expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - SLACK_MS)
  expect(ms).toBeLessThanOrEqual(TIMEOUT_MS + SLACK_MS)
}

/** The ways of configuring the timeout the brief of this test names. */
const configurations = [
  { name: "connectTimeout", options: { connectTimeout: TIMEOUT_MS } },
  {
    name: "clientOptions.serverSelectionTimeoutMS",
    options: { clientOptions: { serverSelectionTimeoutMS: TIMEOUT_MS } }
  }
] as const

const servers = [
  { name: "a closed port", port: closedPort() },
  { name: "a server that never answers", port: silentPort }
] as const

describe("a server that is unreachable from the start", () => {
  for (const server of servers) {
    for (const { name, options } of configurations) {
      it.live(
        `${server.name}, ${name}: the facade's first and second calls reject with ConnectionError in time`,
        () =>
          Effect.gen(function*() {
            const faults = yield* captureProcessFaults
            const url = `mongodb://127.0.0.1:${yield* server.port}/`
            const facade = yield* Effect.acquireRelease(
              Effect.sync(() => new MongoDBSessionStorage({ url, dbName: "nowhere", ...options })),
              (facade) => Effect.promise(() => facade.disconnect())
            )
            expectConnectionErrorInTime(yield* timed(rejection(() => facade.loadSession("s", "a"))))
            expectConnectionErrorInTime(yield* timed(rejection(() => facade.storeSession("s", { id: "a" }))))
            expect(faults).toEqual([])
          }).pipe(Effect.scoped),
        30_000
      )

      it.live(
        `${server.name}, ${name}: building the Effect layers fails with ConnectionError in time`,
        () =>
          Effect.gen(function*() {
            const url = `mongodb://127.0.0.1:${yield* server.port}/`
            const layer = MongoSessionStorage.layer().pipe(
              Layer.provide(MongoDatabase.layer({ url, dbName: "nowhere", ...options }))
            )
            expectConnectionErrorInTime(yield* timed(Effect.scoped(Layer.build(layer))))
          }).pipe(Effect.scoped),
        30_000
      )
    }
  }
})
