/**
 * A process that calls disconnect() exits by itself, promptly and with status 0.
 */
import { MongoClient } from "mongodb"
import { fileURLToPath } from "node:url"
import { afterAll, expect, inject, it } from "vitest"
import { testDatabaseName } from "../support/mongo.js"
import { runScript } from "../support/runScript.js"

const url = inject("mongoUri")
const dbName = testDatabaseName(import.meta.url)

afterAll(async () => {
  const client = await new MongoClient(url).connect()
  await client.db(dbName).dropDatabase()
  await client.close()
})

it("a child process exits with status 0 within seconds of disconnect()", async () => {
  const result = await runScript(fileURLToPath(new URL("./fixtures/exitAfterDisconnect.ts", import.meta.url)), {
    args: [url, dbName],
    marker: "disconnected",
    killAfterMs: 20_000
  })
  expect(result.output).toContain("disconnected")
  expect(result.code).toBe(0)
  expect(result.afterMarkerMs).toBeGreaterThanOrEqual(0)
  expect(result.afterMarkerMs).toBeLessThan(3_000)
})
