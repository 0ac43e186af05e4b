/**
 * Validation of every operation's arguments, shared by all layers: it runs before any
 * I/O, so a rejected input writes nothing, and both layers reject exactly the same
 * inputs with exactly the same messages.
 *
 * @internal
 */
import { Effect, Either, ParseResult, Schema } from "effect"
import type { SessionStorageOperation } from "../errors/SessionStorageError.js"
import { ValidationError } from "../errors/SessionStorageError.js"
import { FindSessionsOptions } from "../schema/FindSessionsOptions.js"
import { SessionId, StoreName } from "../schema/Identifiers.js"
import { sessionInputFields, ValidDate } from "../schema/Session.js"
import type { SessionData } from "../schema/SessionData.js"
import { sessionDataWithLimit } from "../schema/SessionData.js"
import { describeValue } from "./describe.js"

/** The most ids one `deleteSessions` call takes (one `deleteMany` must fit in 16 MiB). */
export const MAX_IDS_PER_CALL = 10_000

/** A validated `storeSession` input, with `undefined` properties removed. */
export interface ValidSessionInput {
  readonly id: string
  readonly userId?: string
  readonly data?: SessionData
  readonly expiresAt?: Date
}

/** Validated arguments of `findSessionsByStore` / `streamSessionsByStore`. */
export interface ValidFindArguments {
  readonly store: string
  readonly userId?: string
  readonly limit?: number
  readonly offset: number
}

/** Validated `store` and `id`. */
export interface ValidKey {
  readonly store: string
  readonly id: string
}

/** The validators of one storage, one per operation (they depend on its `data` size limit). */
export interface Validators {
  readonly storeSession: (store: unknown, session: unknown) => Effect.Effect<ValidStoreArguments, ValidationError>
  /** An `Either` (which is also an `Effect`): the hot path of point reads can branch on it without a fiber step. */
  readonly loadSession: (store: unknown, id: unknown) => Either.Either<ValidKey, ValidationError>
  readonly deleteSession: (store: unknown, id: unknown) => Either.Either<ValidKey, ValidationError>
  readonly deleteSessions: (
    store: unknown,
    ids: unknown
  ) => Effect.Effect<{ readonly store: string; readonly ids: ReadonlyArray<string> }, ValidationError>
  readonly findSessionsByStore: (store: unknown, options: unknown) => Effect.Effect<ValidFindArguments, ValidationError>
  readonly streamSessionsByStore: (
    store: unknown,
    options: unknown
  ) => Effect.Effect<ValidFindArguments, ValidationError>
}

/** Validated arguments of `storeSession`. */
export interface ValidStoreArguments {
  readonly store: string
  readonly session: ValidSessionInput
}

const parseOptions = { errors: "first", onExcessProperty: "error" } as const

const Ids = Schema.Array(SessionId).annotations({
  message: () => `must be an array of at most ${MAX_IDS_PER_CALL} session ids`
}).pipe(Schema.filter((ids) => ids.length <= MAX_IDS_PER_CALL || `must hold at most ${MAX_IDS_PER_CALL} ids`))

const KeyArguments = Schema.Struct({ store: StoreName, id: SessionId })
const isStoreName = Schema.is(StoreName)
const isSessionId = Schema.is(SessionId)
const DeleteManyArguments = Schema.Struct({ store: StoreName, ids: Ids })
const FindArguments = Schema.Struct({
  store: StoreName,
  options: Schema.optional(FindSessionsOptions.annotations({ message: () => "must be an object or undefined" }))
})

const toValidationError =
  (operation: ValidationError["operation"]) => (error: ParseResult.ParseError): ValidationError => {
    const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
    const reason = issue === undefined
      ? "is invalid"
      : issue._tag === "Unexpected"
      ? "is not a known field"
      : issue._tag === "Missing"
      ? "is required"
      : issue.message
    return new ValidationError({ operation, path: issue?.path ?? [], reason })
  }

/** The input threw while it was read (a throwing getter, a revoked `Proxy`). */
const unreadable = (operation: ValidationError["operation"], error: unknown): ValidationError =>
  new ValidationError({
    operation,
    path: [],
    reason: `could not be read: reading it threw ${error instanceof Error ? error.name : describeValue(error)}`
  })

/**
 * A decoder that fails with a {@link ValidationError} naming the first failing path. It
 * never throws, not even for input whose getters throw.
 *
 * @internal
 */
export const decoder = <A, I>(schema: Schema.Schema<A, I>, operation: ValidationError["operation"]) => {
  const decode = Schema.decodeUnknownEither(schema, parseOptions)
  const fail = toValidationError(operation)
  return (input: unknown): Either.Either<A, ValidationError> => {
    try {
      return Either.mapLeft(decode(input), fail)
    } catch (error) {
      return Either.left(unreadable(operation, error))
    }
  }
}

/** Copies an object without its `undefined` properties. */
const withoutUndefined = <A extends object>(a: A): A => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(a)) {
    if (value !== undefined) out[key] = value
  }
  return out as A
}

/**
 * Builds the validators of a storage whose `data` is limited to `maxDataBytes`.
 *
 * @internal
 */
export const makeValidators = (maxDataBytes: number): Validators => {
  const StoreArguments = Schema.Struct({
    store: StoreName,
    session: Schema.Struct({
      ...sessionInputFields(sessionDataWithLimit(maxDataBytes)),
      // A loaded Session may be stored back as it is: its managed fields are tolerated.
      store: Schema.optional(StoreName),
      createdAt: Schema.optional(ValidDate),
      updatedAt: Schema.optional(ValidDate)
    }).annotations({ message: () => "must be an object with an id" })
  }).pipe(Schema.filter(({ session, store }) =>
    session.store === undefined || session.store === store ||
    { path: ["session", "store"], message: "must equal the store argument when present" }
  ))
  const decodeStore = decoder(StoreArguments, "storeSession")
  const decodeMany = decoder(DeleteManyArguments, "deleteSessions")
  const key = (operation: SessionStorageOperation) => {
    const decode = decoder(KeyArguments, operation)
    // The hot path of every point operation: field guards of the same schemas first
    // (several times faster than decoding the pair); the decoder only runs to report.
    return (store: unknown, id: unknown) =>
      isStoreName(store) && isSessionId(id) ? Either.right({ store, id }) : decode({ store, id })
  }
  const find = (operation: SessionStorageOperation) => {
    const decode = decoder(FindArguments, operation)
    return (store: unknown, options: unknown) =>
      Effect.map(decode(options === undefined ? { store } : { store, options }), ({ options, store }) => ({
        store,
        offset: options?.offset ?? 0,
        ...(options?.userId === undefined ? {} : { userId: options.userId }),
        ...(options?.limit === undefined ? {} : { limit: options.limit })
      }))
  }
  return {
    storeSession: (store, session) =>
      Effect.map(decodeStore({ store, session }), ({ session, store }) => {
        const { createdAt: _createdAt, store: _store, updatedAt: _updatedAt, ...input } = session
        return { store, session: withoutUndefined(input) as ValidSessionInput }
      }),
    loadSession: key("loadSession"),
    deleteSession: key("deleteSession"),
    deleteSessions: (store, ids) => decodeMany({ store, ids }),
    findSessionsByStore: find("findSessionsByStore"),
    streamSessionsByStore: find("streamSessionsByStore")
  }
}
