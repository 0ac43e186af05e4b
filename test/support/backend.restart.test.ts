import { MongoClient } from "mongodb"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { type BackendName, type MongoBackend, startBackend } from "./backend.js"
import { testDatabaseName } from "./mongo.js"

// The kind of server the run uses; this file starts one of its own so that it may kill it.
const runBackend = /^MongoDB test backend: (\S+)/.exec(inject("mongoBackend"))?.[1] as BackendName | undefined

describe.skipIf(runBackend === undefined || runBackend === "uri")("MongoBackend kill/restart", () => {
  let backend: MongoBackend | undefined
  beforeAll(async () => {
    backend = await startBackend(runBackend)
  })
  afterAll(async () => {
    await backend?.stop()
  })

  it("brings the same data back on the same port after a kill", async () => {
    if (backend === undefined) throw new Error("no backend")
    const name = testDatabaseName(import.meta.url)
    const client = await new MongoClient(backend.uri, { serverSelectionTimeoutMS: 2_000 }).connect()
    try {
      const docs = client.db(name).collection<{ _id: number }>("docs")
      await docs.insertMany([{ _id: 1 }, { _id: 2 }])

      await backend.kill()
      await expect(docs.countDocuments()).rejects.toThrow()

      await backend.restart()
      expect(await docs.countDocuments()).toBe(2)
      await client.db(name).dropDatabase()
    } finally {
      await client.close()
    }
  })
})
