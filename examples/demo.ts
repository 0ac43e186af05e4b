/**
 * A tour of the Effect API against the in-memory layer: store, load, list, expire and
 * delete sessions, printing what happens. Run it with `npm run demo`.
 */
import { InMemorySessionStorage, SessionStorage } from "@qumra/app-session-storage-mongodb"
import { Effect, Option } from "effect"

const program = Effect.gen(function*() {
  const storage = yield* SessionStorage.SessionStorage
  const inOneSecond = new Date(Date.now() + 1_000)

  const stored = yield* storage.storeSession("my-store", {
    id: "session-123",
    userId: "user-456",
    data: { preferences: { theme: "dark" }, lastSeen: new Date() },
    expiresAt: inOneSecond
  })
  yield* Effect.log(`stored ${stored.store}/${stored.id}, created at ${stored.createdAt.toISOString()}`)

  yield* storage.storeSession("my-store", { id: "session-456", userId: "user-456", data: { cart: [1, 2] } })
  yield* storage.storeSession("other-store", { id: "session-123", data: { note: "same id, other store" } })

  const loaded = yield* storage.loadSession("my-store", "session-123")
  yield* Effect.log(`loaded: theme is ${Option.getOrThrow(loaded).data?.preferences.theme}`)

  const listed = yield* storage.findSessionsByStore("my-store", { userId: "user-456", limit: 10 })
  yield* Effect.log(`user-456 has ${listed.length} sessions in my-store: ${listed.map((s) => s.id).join(", ")}`)

  yield* Effect.log("waiting for session-123 to expire...")
  yield* Effect.sleep("1100 millis")
  const expired = yield* storage.loadSession("my-store", "session-123")
  yield* Effect.log(`after expiry, loadSession gives ${Option.isNone(expired) ? "none" : "a session (bug!)"}`)

  const deleted = yield* storage.deleteSessions("my-store", ["session-456", "never-existed"])
  yield* Effect.log(`deleteSessions deleted ${deleted} session(s)`)

  const other = yield* storage.loadSession("other-store", "session-123")
  yield* Effect.log(`other-store/session-123 is untouched: ${Option.getOrThrow(other).data?.note}`)

  const rejected = yield* Effect.flip(storage.storeSession("my-store", { id: { $ne: null } as never }))
  yield* Effect.log(`hostile input is rejected: ${rejected._tag}: ${rejected.message}`)
})

Effect.runPromise(program.pipe(Effect.provide(InMemorySessionStorage.layer()))).catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
