/**
 * The promise API, as an app that never heard of Effect uses it. Against MongoDB when
 * MONGODB_URI is set (database MONGODB_DB_NAME, default "qumra"), otherwise against the
 * in-memory twin. Run: `npx tsx examples/facade.ts`.
 */
import { MongoDBSessionStorage, ValidationError } from "@qumra/app-session-storage-mongodb"

const url = process.env["MONGODB_URI"]
const sessionStorage = url === undefined
  ? MongoDBSessionStorage.inMemory()
  : new MongoDBSessionStorage({ url, dbName: process.env["MONGODB_DB_NAME"] ?? "qumra", collectionName: "sessions" })

try {
  const stored = await sessionStorage.storeSession("my-store", {
    id: "session-123",
    userId: "user-456",
    data: { preferences: { theme: "dark" } },
    expiresAt: new Date(Date.now() + 24 * 60 * 60 * 1000)
  })
  console.log(`stored ${stored.store}/${stored.id} at ${stored.createdAt.toISOString()}`)

  const session = await sessionStorage.loadSession("my-store", "session-123")
  console.log(`loaded: theme=${session?.data?.preferences.theme}`)

  const sessions = await sessionStorage.findSessionsByStore("my-store", { userId: "user-456", limit: 10, offset: 0 })
  console.log(`found ${sessions.length} session(s) of user-456`)

  try {
    await sessionStorage.loadSession("my-store", { $ne: null } as never)
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    console.log(`rejected: ${error.message}`)
  }

  console.log(`deleted: ${await sessionStorage.deleteSession("my-store", "session-123")}`)
  console.log(`after delete: ${JSON.stringify(await sessionStorage.loadSession("my-store", "session-123"))}`)
} finally {
  await sessionStorage.disconnect()
}
