/**
 * Type-level contract of the promise API: these assertions are checked by `tsc`
 * (`npm run typecheck`), so a drift from the published API fails the build.
 */
import type { Db } from "mongodb"
import { describe, expectTypeOf, it } from "vitest"
import type { FindSessionsOptions, Session, SessionInput } from "../../src/index.js"
import { MongoDBSessionStorage } from "../../src/index.js"

/** The Session interface exactly as the published README declares it. */
interface ReadmeSession {
  id: string
  store: string
  userId?: string
  data?: Record<string, any>
  expiresAt?: Date
  createdAt: Date
  updatedAt: Date
}

describe("types of the promise API", () => {
  it("Session is exactly the README's interface", () => {
    expectTypeOf<Session>().toEqualTypeOf<ReadmeSession>()
  })

  it("methods take the README's arguments and resolve to the documented values", () => {
    type Storage = MongoDBSessionStorage
    expectTypeOf<Storage["storeSession"]>().parameters.toEqualTypeOf<[store: string, session: SessionInput]>()
    expectTypeOf<Storage["storeSession"]>().returns.toEqualTypeOf<Promise<Session>>()
    expectTypeOf<Storage["loadSession"]>().parameters.toEqualTypeOf<[store: string, id: string]>()
    expectTypeOf<Storage["loadSession"]>().returns.toEqualTypeOf<Promise<Session | null>>()
    expectTypeOf<Storage["deleteSession"]>().parameters.toEqualTypeOf<[store: string, id: string]>()
    expectTypeOf<Storage["deleteSession"]>().returns.toEqualTypeOf<Promise<boolean>>()
    expectTypeOf<Storage["deleteSessions"]>().parameters.toEqualTypeOf<[store: string, ids: ReadonlyArray<string>]>()
    expectTypeOf<Storage["deleteSessions"]>().returns.toEqualTypeOf<Promise<number>>()
    expectTypeOf<Storage["findSessionsByStore"]>().parameters.toEqualTypeOf<
      [store: string, options?: FindSessionsOptions]
    >()
    expectTypeOf<Storage["findSessionsByStore"]>().returns.toEqualTypeOf<Promise<Array<Session>>>()
    expectTypeOf<Storage["disconnect"]>().returns.toEqualTypeOf<Promise<void>>()
    expectTypeOf<Storage["ensureIndex"]>().returns.toEqualTypeOf<Promise<void>>()
  })

  it("the README's arguments type-check as written", () => {
    expectTypeOf<{ id: string; userId: string; data: { preferences: { theme: string } }; expiresAt: Date }>()
      .toMatchTypeOf<SessionInput>()
    expectTypeOf<{ userId: string; limit: number; offset: number }>().toMatchTypeOf<FindSessionsOptions>()
    expectTypeOf<Session>().toMatchTypeOf<SessionInput>()
  })

  it("both constructor forms of the README exist", () => {
    expectTypeOf(MongoDBSessionStorage).toBeConstructibleWith({
      url: "mongodb://localhost:27017",
      dbName: "qumra",
      collectionName: "sessions"
    })
    expectTypeOf(MongoDBSessionStorage).toBeConstructibleWith({ url: "mongodb://localhost:27017", dbName: "qumra" })
    expectTypeOf(MongoDBSessionStorage).toBeConstructibleWith({} as Db)
    expectTypeOf(MongoDBSessionStorage).toBeConstructibleWith({} as Db, { collectionName: "sessions" })
    // @ts-expect-error: dbName is required with a connection string
    expectTypeOf(MongoDBSessionStorage).toBeConstructibleWith({ url: "mongodb://localhost:27017" })
  })
})
