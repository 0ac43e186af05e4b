/**
 * The operations every contender runs, with arguments and results in one shape, so a
 * benchmark case is written once for the raw driver, the Effect layer and the facade.
 */
import type { SessionInput } from "../src/index.js"

/** The operations benchmarked. */
export interface OpArgs {
  /** `loadSession(store, id)` */
  readonly load: { readonly store: string; readonly id: string }
  /** `storeSession(store, session)` */
  readonly store: { readonly store: string; readonly session: SessionInput }
  /** `deleteSession(store, id)` */
  readonly delete: { readonly store: string; readonly id: string }
  /** `deleteSessions(store, ids)` */
  readonly deleteMany: { readonly store: string; readonly ids: ReadonlyArray<string> }
  /** `findSessionsByStore(store, { limit })` */
  readonly page: { readonly store: string; readonly limit: number }
  /** Every session of a store, streamed (`streamSessionsByStore`) or listed. */
  readonly readAll: { readonly store: string }
}

/** What each operation gives back, reduced to what a case checks. */
export interface OpResult {
  /** Whether a live session was found. */
  readonly load: boolean
  /** Whether the session stored is the one asked for (its store and id). */
  readonly store: boolean
  /** Whether a live session was deleted. */
  readonly delete: boolean
  /** How many live sessions were deleted. */
  readonly deleteMany: number
  /** Sessions in the page. */
  readonly page: number
  /** Sessions read. */
  readonly readAll: number
}

/** The name of an operation. */
export type OpName = keyof OpArgs

/** The operations as functions returning promises. */
export type PromiseOps = { readonly [K in OpName]: (args: OpArgs[K]) => Promise<OpResult[K]> }

/** The names of the contenders. */
export type ContenderName = "raw" | "layer" | "facade" | "raw _id-only"

/**
 * A session storage under test: one call at a time, or many at once the contender's
 * own way (`Promise.all` for promises, `Effect.forEach` with unbounded concurrency in one
 * `Effect.runPromise` for the layer).
 */
export interface Contender {
  readonly name: ContenderName
  readonly call: <K extends OpName>(op: K, args: OpArgs[K]) => Promise<OpResult[K]>
  readonly callAll: <K extends OpName>(op: K, args: ReadonlyArray<OpArgs[K]>) => Promise<ReadonlyArray<OpResult[K]>>
}

/** A contender over promise-returning operations. */
export const promiseContender = (name: ContenderName, ops: PromiseOps): Contender => ({
  name,
  call: (op, args) => ops[op](args),
  callAll: (op, args) => Promise.all(args.map((a) => ops[op](a)))
})
