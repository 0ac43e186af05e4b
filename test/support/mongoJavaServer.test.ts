/**
 * The second test server keeps the promise the tests that use it rely on: racing
 * conditional updates of one document do not interleave, so the highest value wins.
 * Only needed, and so only run, when the run's own server is FerretDB 1.x.
 */
import type { Collection } from "mongodb"
import { describe, expect, inject, it } from "vitest"
import { startBackend } from "./backend.js"
import { useMongoJavaServer } from "./mongo.js"

const RACERS = 500

/** Sets `v` to `i` only when `i` is greater, for every `i` at once; succeeds with the `v` left. */
const raceConditionalUpdates = async (collection: Collection<{ _id: string; v: number }>): Promise<number> => {
  const once = (i: number): Promise<unknown> =>
    collection.findOneAndUpdate({ _id: "k", v: { $lt: i } }, { $set: { v: i } }, { upsert: true }).catch(
      (error: { code?: unknown }) => {
        // A lost race to insert, or a value that is already greater: both are MongoDB's answers too.
        if (error.code !== 11000) throw error
      }
    )
  await Promise.all(Array.from({ length: RACERS }, (_, i) => once(i)))
  return (await collection.findOne({ _id: "k" }))?.v ?? -1
}

describe.runIf(!inject("mongoAtomicWrites"))("mongo-java-server, the second test server", () => {
  const server = useMongoJavaServer(import.meta.url)

  it("describes itself and refuses to restart (its data lives in memory)", async () => {
    expect(server.backend).toMatch(/^MongoDB test backend: mongo-java-server 1\.47\.0 .*reports MongoDB 5\.0\.0/)
    const other = await startBackend("mongo-java-server")
    try {
      await expect(other.restart()).rejects.toThrow(/cannot restart/)
    } finally {
      await other.stop()
    }
  })

  it(`${RACERS} racing conditional updates of one document: the highest wins`, async () => {
    expect(await raceConditionalUpdates(server.db().collection("race"))).toBe(RACERS - 1)
  })
})
