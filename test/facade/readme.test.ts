/**
 * Every code block of the published README (v1.0.2), run as written against the test
 * server: only the connection string and database name differ. `qumraApp` is not on the
 * registry; a minimal stand-in takes `{ sessionStorage }` as the real one does.
 */
import { MongoClient } from "mongodb"
import { afterAll, describe, expect, inject, it } from "vitest"
import { MongoDBSessionStorage } from "../../src/index.js"
import type { Session } from "../../src/index.js"
import { testDatabaseName } from "../support/mongo.js"

const url = inject("mongoUri")
const dbName = testDatabaseName(import.meta.url)

/** What qumraApp needs of a session storage, and a stand-in that uses it the way an app would. */
interface SessionStorageLike {
  storeSession(
    store: string,
    session: { id: string; userId?: string; data?: Record<string, any>; expiresAt?: Date }
  ): Promise<Session>
  loadSession(store: string, id: string): Promise<Session | null>
  deleteSession(store: string, id: string): Promise<boolean>
}
const qumraApp = (config: { sessionStorage: SessionStorageLike }) => ({
  login: (store: string, id: string, userId: string) => config.sessionStorage.storeSession(store, { id, userId }),
  currentUser: async (store: string, id: string) =>
    (await config.sessionStorage.loadSession(store, id))?.userId ?? null,
  logout: (store: string, id: string) => config.sessionStorage.deleteSession(store, id)
})

afterAll(async () => {
  const client = await new MongoClient(url).connect()
  await client.db(dbName).dropDatabase()
  await client.close()
})

describe("README v1.0.2, block by block", () => {
  it("Option A: connection string; the API reference calls, in order", async () => {
    const sessionStorage = new MongoDBSessionStorage({
      url,
      dbName,
      collectionName: "sessions"
    })
    try {
      const stored = await sessionStorage.storeSession("my-store", {
        id: "session-123",
        userId: "user-456",
        data: { preferences: { theme: "dark" } },
        expiresAt: new Date(Date.now() + 24 * 60 * 60 * 1000)
      })
      expect(stored).toMatchObject({ id: "session-123", store: "my-store", userId: "user-456" })

      const session = await sessionStorage.loadSession("my-store", "session-123")
      expect(session?.data).toEqual({ preferences: { theme: "dark" } })
      expect(session?.createdAt).toBeInstanceOf(Date)

      await sessionStorage.storeSession("my-store", { id: "session-456", userId: "user-456" })
      const sessions = await sessionStorage.findSessionsByStore("my-store", {
        userId: "user-456",
        limit: 10,
        offset: 0
      })
      expect(sessions.map((s) => s.id)).toEqual(["session-123", "session-456"])

      expect(await sessionStorage.deleteSession("my-store", "session-123")).toBe(true)
      expect(await sessionStorage.loadSession("my-store", "session-123")).toBeNull()

      await sessionStorage.storeSession("my-store", { id: "session-123" })
      expect(await sessionStorage.deleteSessions("my-store", ["session-123", "session-456"])).toBe(2)
      expect(await sessionStorage.findSessionsByStore("my-store")).toEqual([])

      await expect(sessionStorage.ensureIndex()).resolves.toBeUndefined()
    } finally {
      await sessionStorage.disconnect()
    }
  })

  it("Option B: an existing Db instance, which stays open after disconnect()", async () => {
    const client = new MongoClient(url)
    await client.connect()
    const db = client.db(dbName)

    const sessionStorage = new MongoDBSessionStorage(db)
    try {
      await sessionStorage.storeSession("my-store", { id: "from-option-b", data: { ok: true } })
      expect((await sessionStorage.loadSession("my-store", "from-option-b"))?.data).toEqual({ ok: true })
      expect(await db.collection("sessions").countDocuments({ id: "from-option-b" })).toBe(1)
      await sessionStorage.disconnect()
      expect(await db.command({ ping: 1 })).toMatchObject({ ok: 1 })
    } finally {
      await client.close()
    }
  })

  it("Usage with qumraApp", async () => {
    const sessionStorage = new MongoDBSessionStorage({
      url,
      dbName
    })

    const app = qumraApp({
      sessionStorage
    })
    try {
      await app.login("my-store", "app-session", "user-1")
      expect(await app.currentUser("my-store", "app-session")).toBe("user-1")
      expect(await app.logout("my-store", "app-session")).toBe(true)
      expect(await app.currentUser("my-store", "app-session")).toBeNull()
    } finally {
      await sessionStorage.disconnect()
    }
  })

  it("TTL Index: a session with expiresAt is there until then, null after", async () => {
    const sessionStorage = new MongoDBSessionStorage({ url, dbName })
    try {
      const expiresIn24Hours = new Date(Date.now() + 24 * 60 * 60 * 1000)

      await sessionStorage.storeSession("my-store", {
        id: "session-123",
        userId: "user-456",
        expiresAt: expiresIn24Hours, // Auto-deleted after this date
        data: {/* ... */}
      })
      expect((await sessionStorage.loadSession("my-store", "session-123"))?.expiresAt).toEqual(expiresIn24Hours)

      await sessionStorage.storeSession("my-store", { id: "short-lived", expiresAt: new Date(Date.now() + 300) })
      await new Promise((resolve) => setTimeout(resolve, 400))
      expect(await sessionStorage.loadSession("my-store", "short-lived")).toBeNull()
      expect((await sessionStorage.findSessionsByStore("my-store")).map((s) => s.id)).not.toContain("short-lived")
    } finally {
      await sessionStorage.disconnect()
    }
  })

  it("disconnect(): later calls reject with the closed error instead of hanging", async () => {
    const sessionStorage = new MongoDBSessionStorage({ url, dbName })
    await sessionStorage.loadSession("my-store", "x")
    await sessionStorage.disconnect()
    await sessionStorage.disconnect()
    await expect(sessionStorage.loadSession("my-store", "x")).rejects.toMatchObject({ _tag: "StorageClosedError" })
  })
})
