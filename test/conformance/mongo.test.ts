import { Effect, Layer } from "effect"
import { MongoDatabase, MongoSessionStorage } from "../../src/index.js"
import { useTestDatabase } from "../support/mongo.js"
import { conformanceSuite } from "./suite.js"

const mongo = useTestDatabase(import.meta.url)
let collections = 0

/**
 * Every build: a new collection (so an empty storage) in this file's database, with the
 * default expiry mode. The sweep interval is long because tests move the `TestClock`
 * by up to a century, and every simulated interval would wake the sweeper.
 */
const freshStorage = Layer.unwrapEffect(
  Effect.sync(() =>
    MongoSessionStorage.layer({ collectionName: `sessions_${++collections}`, sweepInterval: "1000 days" }).pipe(
      Layer.provide(MongoDatabase.fromDb(mongo.db()))
    )
  )
)

conformanceSuite("MongoSessionStorage.layer", freshStorage)
