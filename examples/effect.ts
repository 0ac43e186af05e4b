/**
 * The Effect API. With MONGODB_URI set, the MongoDB layers read their configuration from
 * the environment (MONGODB_URI, MONGODB_DB_NAME); otherwise the in-memory layer stands
 * in. Run: `npx tsx examples/effect.ts`.
 */
import {
  InMemorySessionStorage,
  MongoDatabase,
  MongoSessionStorage,
  SessionStorage
} from "@qumra/app-session-storage-mongodb"
import { Effect, Layer, Option } from "effect"

const program = Effect.gen(function*() {
  yield* SessionStorage.storeSession("my-store", {
    id: "session-123",
    userId: "user-456",
    data: { cart: [{ sku: "A-1", quantity: 2 }] },
    expiresAt: new Date(Date.now() + 60 * 60 * 1000)
  })
  const session = yield* SessionStorage.loadSession("my-store", "session-123")
  yield* Effect.log(
    `loaded: ${Option.map(session, (s) => JSON.stringify(s.data)).pipe(Option.getOrElse(() => "none"))}`
  )

  const deleted = yield* SessionStorage.deleteSessions("my-store", ["session-123"])
  yield* Effect.log(`deleted ${deleted} session(s)`)

  const error = yield* Effect.flip(SessionStorage.findSessionsByStore("my-store", { limit: 0 }))
  yield* Effect.log(`rejected: ${error._tag}: ${error.message}`)
})

const SessionsLive = process.env["MONGODB_URI"] === undefined
  ? InMemorySessionStorage.layer()
  : MongoSessionStorage.layer({ collectionName: "sessions" }).pipe(Layer.provide(MongoDatabase.layerConfig()))

Effect.runPromise(program.pipe(Effect.provide(SessionsLive))).catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
