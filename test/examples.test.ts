/**
 * The examples run as written, against the test server (and the demo against the
 * in-memory layer), and say what the README says they say.
 */
import { MongoClient } from "mongodb"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, inject, it } from "vitest"
import { testDatabaseName } from "./support/mongo.js"
import { runScript } from "./support/runScript.js"

const url = inject("mongoUri")
const dbName = testDatabaseName(import.meta.url)
const example = (name: string) => fileURLToPath(new URL(`../examples/${name}`, import.meta.url))
const againstServer = { MONGODB_URI: url, MONGODB_DB_NAME: dbName }

afterAll(async () => {
  const client = await new MongoClient(url).connect()
  await client.db(dbName).dropDatabase()
  await client.close()
})

describe("examples", () => {
  it("facade.ts against the test server", async () => {
    const { code, output } = await runScript(example("facade.ts"), { env: againstServer })
    expect(output).toContain("loaded: theme=dark")
    expect(output).toContain("found 1 session(s) of user-456")
    expect(output).toContain("rejected: loadSession: id must be")
    expect(output).toContain("after delete: null")
    expect(code).toBe(0)
  })

  it("effect.ts against the test server, configured from the environment", async () => {
    const { code, output } = await runScript(example("effect.ts"), { env: againstServer })
    expect(output).toContain("deleted 1 session(s)")
    expect(output).toContain("rejected: ValidationError: findSessionsByStore: options.limit")
    expect(code).toBe(0)
  })

  it("demo.ts on the in-memory layer", async () => {
    const { code, output } = await runScript(example("demo.ts"))
    expect(output).toContain("after expiry, loadSession gives none")
    expect(output).toContain("deleteSessions deleted 1 session(s)")
    expect(code).toBe(0)
  })
})
