/**
 * Vitest global setup: starts one MongoDB test server for the whole run,
 * prints which one, and provides its connection string to the tests
 * (`inject("mongoUri")`, `inject("mongoBackend")`).
 */
import type {} from "vitest"
import type { TestProject } from "vitest/node"
import { startBackend } from "./backend.js"

declare module "vitest" {
  export interface ProvidedContext {
    /** Connection string of the test server. */
    mongoUri: string
    /** One-line description of the test server (no credentials). */
    mongoBackend: string
  }
}

/** Starts the backend; the returned function stops it when the run ends. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const backend = await startBackend()
  console.log(backend.description)
  project.provide("mongoUri", backend.uri)
  project.provide("mongoBackend", backend.description)
  return () => backend.stop()
}
