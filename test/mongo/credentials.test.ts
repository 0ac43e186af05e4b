/**
 * The password of the connection string never shows in an error: not in its message,
 * stack, `String(error)`, JSON, nor the pretty-printed cause a failed program prints.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Redacted } from "effect"
import type { ConnectionError, ValidationError } from "../../src/index.js"
import { MongoDatabase } from "../../src/index.js"
import { useTestDatabase } from "../support/mongo.js"
import { closedPort } from "./helpers.js"

const mongo = useTestDatabase(import.meta.url)
const PASSWORD = "s3cr3t-Pa55"

/** The run's server, with (other) credentials in the connection string. */
const withCredentials = (uri: string, userInfo: string) =>
  uri.replace(/^(mongodb(?:\+srv)?:\/\/)(?:[^@/]*@)?/, `$1${userInfo}@`)

/** Builds the database layer and returns its failure with every way it may be printed. */
const buildFailure = (options: MongoDatabase.MongoDatabaseOptions) =>
  Effect.gen(function*() {
    const exit = yield* Effect.exit(Effect.scoped(Layer.build(MongoDatabase.layer(options))))
    if (Exit.isSuccess(exit)) return yield* Effect.dieMessage("the layer was built")
    const error = Cause.squash(exit.cause) as ConnectionError | ValidationError
    const renderings = [
      error.message,
      error.stack ?? "",
      String(error),
      JSON.stringify(error),
      Cause.pretty(exit.cause)
    ]
    return { error, renderings }
  })

const expectNoSecret = (renderings: ReadonlyArray<string>, secret = PASSWORD) => {
  for (const text of renderings) expect(text).not.toContain(secret)
}

describe("credentials in errors", () => {
  it.live("a closed port: ConnectionError without the password", () =>
    Effect.gen(function*() {
      const port = yield* closedPort()
      for (
        const url of [
          `mongodb://alice:${PASSWORD}@127.0.0.1:${port}/`,
          Redacted.make(`mongodb://alice:${PASSWORD}@127.0.0.1:${port}/`)
        ]
      ) {
        const { error, renderings } = yield* buildFailure({ url, dbName: mongo.name, connectTimeout: "300 millis" })
        expect(error._tag).toBe("ConnectionError")
        expectNoSecret(renderings)
      }
    }))

  it.live("the server refuses the credentials: an error without the password", () =>
    Effect.gen(function*() {
      const url = withCredentials(mongo.uri, `alice:${PASSWORD}`)
      const { error, renderings } = yield* buildFailure({ url, dbName: mongo.name, connectTimeout: "5 seconds" })
      expect(error._tag).toBe("ConnectionError")
      expectNoSecret(renderings)
    }))

  it.effect.each([
    { what: "an invalid port", url: `mongodb://alice:${PASSWORD}@127.0.0.1:99999/` },
    { what: "a bad option value", url: `mongodb://alice:${PASSWORD}@127.0.0.1/?tls=maybe` },
    { what: "an unknown auth mechanism", url: `mongodb://alice:${PASSWORD}@127.0.0.1/?authMechanism=BOGUS` },
    { what: "no host", url: `mongodb://alice:${PASSWORD}@` },
    { what: "an unescaped '/' in the password", url: `mongodb://alice:${PASSWORD}/x@127.0.0.1/` },
    { what: "a bad percent-escape in the password", url: `mongodb://alice:${PASSWORD}%zz@127.0.0.1/` },
    { what: "no scheme", url: `alice:${PASSWORD}@127.0.0.1:27017/` }
  ])(
    "a malformed URL ($what): ValidationError on options.url without the password",
    ({ url }) =>
      Effect.gen(function*() {
        const { error, renderings } = yield* buildFailure({ url, dbName: mongo.name, connectTimeout: "1 second" })
        expect(error._tag).toBe("ValidationError")
        expect((error as ValidationError).path).toEqual(["options", "url"])
        expectNoSecret(renderings)
      })
  )
})
