import { useTestDatabase } from "../support/mongo.js"
import { throughFacade } from "./facadeAdapter.js"
import { freshMongoStorage } from "./harness.js"
import { conformanceSuite } from "./suite.js"

const mongo = useTestDatabase(import.meta.url)

conformanceSuite("MongoDBSessionStorage over MongoSessionStorage.layer", throughFacade(freshMongoStorage(mongo.db)), {
  streamIsListing: true
})
