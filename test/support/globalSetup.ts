/**
 * Vitest global setup: starts one MongoDB test server for the whole run,
 * prints which one, and provides its connection string to the tests
 * (`inject("mongoUri")`, `inject("mongoBackend")`, `inject("mongoAtomicWrites")`).
 */
import type {} from "vitest"
import type { TestProject } from "vitest/node"
import { startBackend } from "./backend.js"
import { buildMongoJavaServer } from "./mongoJavaServer.js"

declare module "vitest" {
  export interface ProvidedContext {
    /** Connection string of the test server. */
    mongoUri: string
    /** One-line description of the test server (no credentials). */
    mongoBackend: string
    /** Whether the test server runs each single-document write atomically (MongoDB does, FerretDB 1.x does not). */
    mongoAtomicWrites: boolean
  }
}

/** Starts the backend; the returned function stops it when the run ends. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const backend = await startBackend()
  console.log(backend.description)
  project.provide("mongoUri", backend.uri)
  project.provide("mongoBackend", backend.description)
  project.provide("mongoAtomicWrites", backend.atomicWrites)
  if (!backend.atomicWrites) {
    // Built here, once, before test files run in parallel; the files that need it start
    // their own (`useMongoJavaServer`), and a failed build fails them with its reason.
    await buildMongoJavaServer().catch((error: unknown) => {
      console.error(`mongo-java-server could not be built: ${String(error)}`)
    })
  }
  return () => backend.stop()
}
