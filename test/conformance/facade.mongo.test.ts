import { Effect, Layer } from "effect"
import { MongoDatabase, MongoSessionStorage } from "../../src/index.js"
import { useTestDatabase } from "../support/mongo.js"
import { throughFacade } from "./facadeAdapter.js"
import { conformanceSuite } from "./suite.js"

const mongo = useTestDatabase(import.meta.url)
let collections = 0

/** As in mongo.test.ts: a fresh collection per build, a sweep interval longer than any clock jump. */
const freshStorage = Layer.unwrapEffect(
  Effect.sync(() =>
    MongoSessionStorage.layer({ collectionName: `sessions_${++collections}`, sweepInterval: "1000 days" }).pipe(
      Layer.provide(MongoDatabase.fromDb(mongo.db()))
    )
  )
)

conformanceSuite("MongoDBSessionStorage over MongoSessionStorage.layer", throughFacade(freshStorage))
