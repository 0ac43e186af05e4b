import { InMemorySessionStorage } from "../../src/index.js"
import { conformanceSuite } from "./suite.js"

conformanceSuite("InMemorySessionStorage.layer", InMemorySessionStorage.layer())
