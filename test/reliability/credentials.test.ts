/**
 * The password of the connection string never shows: not in the error (message, stack,
 * cause chain, `String`, JSON, inspect), not in a log line (a test logger at every
 * level, and `console`), not in a span (a test tracer), whether the server is not
 * there or refuses the credentials, through the Effect layers and the facade alike.
 */
import { afterEach, describe, expect, it } from "@effect/vitest"
import type { Scope } from "effect"
import { Cause, Effect, Exit, Layer, Logger, Redacted } from "effect"
import { MongoDatabase, MongoDBSessionStorage, MongoSessionStorage } from "../../src/index.js"
import { useTestDatabase } from "../support/mongo.js"
import { freePort } from "../support/serverInfo.js"
import { captureConsole, captureLogs, captureSpans, renderings } from "./support/observe.js"

const mongo = useTestDatabase(import.meta.url)
const PASSWORD = "secret-Pa55w0rd"
const SECRETS = [PASSWORD, encodeURIComponent(PASSWORD), "qumra:secret"]

const closedPortUrl = Effect.map(
  Effect.promise(() => freePort()),
  (port) => `mongodb://qumra:${PASSWORD}@127.0.0.1:${port}/`
)
/** The run's server, which has no such user: it refuses the credentials. */
const refusedUrl = Effect.sync(() => mongo.uri.replace(/^mongodb:\/\/(?:[^@/]*@)?/, `mongodb://qumra:${PASSWORD}@`))

const urls = [
  { name: "a closed port", url: closedPortUrl },
  { name: "a server that refuses the credentials", url: refusedUrl }
] as const

let consoleCapture: ReturnType<typeof captureConsole> | undefined
afterEach(() => {
  consoleCapture?.restore()
  consoleCapture = undefined
})

/** Everything written through `console` during the test. */
const consoleTexts = (): Array<string> => (consoleCapture ??= captureConsole()).texts

const expectNoSecret = (texts: ReadonlyArray<string>) => {
  expect(texts.length).toBeGreaterThan(0)
  const leaks = texts.filter((text) => SECRETS.some((secret) => text.includes(secret)))
  expect(leaks.map((text) => text.slice(0, 500))).toEqual([])
}

/** The failure of an effect that must fail, with its cause. */
const failureOf = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.flatMap(Effect.exit(effect), (exit) =>
    Exit.isFailure(exit)
      ? Effect.succeed({ error: Cause.squash(exit.cause), cause: exit.cause as Cause.Cause<unknown> })
      : Effect.dieMessage("expected a failure"))

/** What a user does with a failure: log it through Effect (to the test logger and to the console) and console.error it. */
const userLogs = (error: unknown, cause: Cause.Cause<unknown>, logs: Layer.Layer<never>) =>
  Effect.gen(function*() {
    yield* Effect.logError("session storage failed", cause).pipe(Effect.provide(logs))
    // @effect/vitest removes the default logger: put it back, it prints through `console`.
    yield* Effect.logError("session storage failed", cause).pipe(Effect.provide(Logger.add(Logger.defaultLogger)))
    console.error("session storage failed:", error)
  })

const storageLayer = (url: string | Redacted.Redacted<string>) =>
  MongoSessionStorage.layer({ collectionName: "sessions" }).pipe(
    Layer.provide(MongoDatabase.layer({ url, dbName: mongo.name, connectTimeout: 1_500 }))
  )

const loadThroughFacade = (facade: MongoDBSessionStorage): Effect.Effect<unknown, unknown, Scope.Scope> =>
  Effect.acquireRelease(Effect.succeed(facade), (f) => Effect.promise(() => f.disconnect())).pipe(
    Effect.flatMap((f) => Effect.tryPromise({ try: () => f.loadSession("s", "a"), catch: (error) => error }))
  )

describe("credentials never show", () => {
  for (const { name, url } of urls) {
    for (const redacted of [false, true]) {
      it.live(
        `${name}, url ${redacted ? "as Redacted" : "as a string"}: Effect layers' error, logs and spans`,
        () =>
          Effect.gen(function*() {
            const texts = consoleTexts()
            const logs = captureLogs()
            const spans = captureSpans()
            const raw = yield* url
            const { cause, error } = yield* failureOf(
              Effect.scoped(Layer.build(storageLayer(redacted ? Redacted.make(raw) : raw))).pipe(
                Effect.provide(Layer.merge(logs.layer, spans.layer))
              )
            )
            expect((error as { _tag?: string })._tag).toBe("ConnectionError")
            yield* userLogs(error, cause, logs.layer)
            expect(spans.spans.map((span) => span.name)).toContain("MongoDatabase.connect")
            // The default logger and console.error both reached the console capture.
            expect(texts.filter((text) => text.includes("session storage failed")).length).toBeGreaterThanOrEqual(2)
            expectNoSecret([...renderings(error, cause), ...logs.lines, ...spans.texts(), ...texts])
          }),
        20_000
      )
    }

    it.live(
      `${name}: new MongoDBSessionStorage({ url, dbName }) rejects without the password`,
      () =>
        Effect.gen(function*() {
          const texts = consoleTexts()
          const facade = new MongoDBSessionStorage({ url: yield* url, dbName: mongo.name, connectTimeout: 1_500 })
          const error = yield* Effect.flip(loadThroughFacade(facade))
          expect((error as { _tag?: string })._tag).toBe("ConnectionError")
          console.error("session storage failed:", error)
          expectNoSecret([...renderings(error), ...texts])
        }).pipe(Effect.scoped),
      20_000
    )

    it.live(
      `${name}: MongoDBSessionStorage.fromLayer(layer) rejects without the password in error, logs or spans`,
      () =>
        Effect.gen(function*() {
          const texts = consoleTexts()
          const logs = captureLogs()
          const spans = captureSpans()
          const layer = storageLayer(yield* url).pipe(Layer.provide(Layer.merge(logs.layer, spans.layer)))
          const error = yield* Effect.flip(loadThroughFacade(MongoDBSessionStorage.fromLayer(layer)))
          expect((error as { _tag?: string })._tag).toBe("ConnectionError")
          expect(spans.spans.map((span) => span.name)).toContain("MongoDatabase.connect")
          console.error("session storage failed:", error)
          expectNoSecret([...renderings(error), ...logs.lines, ...spans.texts(), ...texts])
        }).pipe(Effect.scoped),
      20_000
    )
  }
})
