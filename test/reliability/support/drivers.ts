/**
 * One way to call both public APIs: the Effect service and the promise facade, each
 * call settled into an {@link Outcome} (success, typed failure, or defect) so that a
 * test can drive the same hostile input through every method of both.
 */
import { Cause, Chunk, Effect, Exit, Option, Stream } from "effect"
import type { MongoDBSessionStorage, SessionStorage } from "../../../src/index.js"

/** How a call ended. */
export type Outcome =
  | { readonly kind: "ok"; readonly value: unknown }
  | { readonly kind: "fail"; readonly error: unknown }
  | { readonly kind: "defect"; readonly defect: unknown }

/** The methods that take input: every method of the service but `ensureIndex`. */
export type Method = Exclude<keyof SessionStorage.Service, "ensureIndex">

/** A public API under test. */
export interface Driver {
  readonly name: string
  /** The methods this API has (the facade has no stream). */
  readonly methods: ReadonlySet<Method>
  /** Calls `method` with `args`, never failing: the outcome says how it ended. */
  readonly call: (method: Method, args: ReadonlyArray<unknown>) => Effect.Effect<Outcome>
}

/** Every `Method` once: as a `Record`, a method the service gains is a compile error here until it is listed. */
const methodNames: Record<Method, true> = {
  storeSession: true,
  loadSession: true,
  deleteSession: true,
  deleteSessions: true,
  findSessionsByStore: true,
  streamSessionsByStore: true
}
const allMethods: ReadonlySet<Method> = new Set(Object.keys(methodNames) as Array<Method>)

/** Hostile input does not type-check, by definition. */
type Untyped = (...args: ReadonlyArray<unknown>) => any

const fromExit = (exit: Exit.Exit<unknown, unknown>): Outcome =>
  Exit.match(exit, {
    onSuccess: (value): Outcome => ({ kind: "ok", value }),
    onFailure: (cause): Outcome =>
      Option.match(Cause.failureOption(cause), {
        onSome: (error): Outcome => ({ kind: "fail", error }),
        onNone: (): Outcome => ({ kind: "defect", defect: Cause.squash(cause) })
      })
  })

/**
 * The Effect API. A method that throws instead of returning an Effect is reported as a
 * defect, like an Effect that dies.
 */
export const effectDriver = (service: SessionStorage.Service): Driver => ({
  name: "Effect API",
  methods: allMethods,
  call: (method, args) =>
    Effect.suspend((): Effect.Effect<unknown, unknown> =>
      method === "streamSessionsByStore"
        ? Effect.map(Stream.runCollect((service.streamSessionsByStore as Untyped)(...args)), Chunk.toArray)
        : (service[method] as Untyped)(...args)
    ).pipe(Effect.exit, Effect.map(fromExit))
})

/** The promise facade. A method that throws is reported like a rejection. */
export const facadeDriver = (facade: MongoDBSessionStorage): Driver => ({
  name: "facade",
  methods: new Set([...allMethods].filter((method) => method !== "streamSessionsByStore")),
  call: (method, args) =>
    Effect.promise(() =>
      Promise.resolve()
        .then(() => (facade[method as Exclude<Method, "streamSessionsByStore">] as Untyped)(...args))
        .then((value): Outcome => ({ kind: "ok", value }), (error: unknown): Outcome => ({ kind: "fail", error }))
    )
})
