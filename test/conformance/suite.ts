/**
 * The one behaviour suite every implementation of `SessionStorage` must pass: the
 * in-memory layer, the MongoDB layer, and the promise facade over both.
 */
import { describe } from "@effect/vitest"
import type { Layer } from "effect"
import type { SessionStorage } from "../../src/index.js"
import { badInputTests } from "./badInputs.js"
import { closingTests } from "./closing.js"
import { expiryTests } from "./expiry.js"
import type { ConformanceTarget } from "./harness.js"
import { listingTests } from "./listing.js"
import { roundTripTests } from "./roundTrip.js"

/**
 * Runs every behaviour test against `layer`. Each test builds the layer anew and must
 * get a fresh, empty storage whose `Clock` is the test's `TestClock`.
 */
export const conformanceSuite = (
  name: string,
  layer: Layer.Layer<SessionStorage.SessionStorage, unknown>,
  options: Pick<ConformanceTarget, "streamIsListing"> = {}
): void => {
  const target: ConformanceTarget = { name, layer, ...options }
  describe(`SessionStorage conformance: ${name}`, () => {
    roundTripTests(target)
    expiryTests(target)
    listingTests(target)
    badInputTests(target)
    closingTests(target)
  })
}
