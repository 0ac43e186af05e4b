import { useTestDatabase } from "../support/mongo.js"
import { freshMongoStorage } from "./harness.js"
import { conformanceSuite } from "./suite.js"

const mongo = useTestDatabase(import.meta.url)

conformanceSuite("MongoSessionStorage.layer", freshMongoStorage(mongo.db))
