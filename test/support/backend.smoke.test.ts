import { MongoClient } from "mongodb"
import { describe, expect, inject, it } from "vitest"
import { testDatabaseName, useTestDatabase } from "./mongo.js"

describe("MongoDB test backend", () => {
  it("answers ping and buildInfo, stores and reads a document, drops its database", async () => {
    const uri = inject("mongoUri")
    expect(inject("mongoBackend")).toMatch(/^MongoDB test backend: /)
    const client = await new MongoClient(uri).connect()
    const name = testDatabaseName(import.meta.url)
    try {
      const admin = client.db("admin")
      expect(await admin.command({ ping: 1 })).toMatchObject({ ok: 1 })
      const info = await admin.command({ buildInfo: 1 })
      expect(info["version"]).toEqual(expect.any(String))

      const db = client.db(name)
      const smoke = db.collection<{ _id: string; value: number }>("smoke")
      await smoke.insertOne({ _id: "one", value: 42 })
      expect(await smoke.findOne({ _id: "one" })).toEqual({ _id: "one", value: 42 })

      expect(await db.dropDatabase()).toBe(true)
      const { databases } = await admin.command({ listDatabases: 1, nameOnly: true })
      expect((databases as Array<{ name: string }>).map((d) => d.name)).not.toContain(name)
    } finally {
      await client.close()
    }
  })

  it("makes short, valid, unique database names", () => {
    const a = testDatabaseName("file:///x/test/a-very-long-name.for.some_test-file.test.ts")
    expect(a).toMatch(/^t_a_very_long_name_for_some_t_[0-9a-f]{8}$/)
    expect(a.length).toBeLessThanOrEqual(38)
    expect(testDatabaseName("x.test.ts")).not.toBe(testDatabaseName("x.test.ts"))
  })
})

describe("useTestDatabase", () => {
  const mongo = useTestDatabase(import.meta.url)

  it("gives a connected database of the file's own", async () => {
    expect(mongo.db().databaseName).toBe(mongo.name)
    await mongo.db().collection("c").insertOne({ a: 1 })
    expect(await mongo.db().collection("c").countDocuments()).toBe(1)
  })
})
