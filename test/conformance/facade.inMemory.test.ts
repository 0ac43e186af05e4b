import { InMemorySessionStorage } from "../../src/index.js"
import { throughFacade } from "./facadeAdapter.js"
import { conformanceSuite } from "./suite.js"

conformanceSuite(
  "MongoDBSessionStorage.fromLayer(InMemorySessionStorage.layer())",
  throughFacade(InMemorySessionStorage.layer()),
  { streamIsListing: true }
)
