/**
 * Shared by the MongoDB-specific tests: building the storage over a test database,
 * reading what the server holds with the raw driver, and small recorders (logs, spans).
 */
import type { Scope } from "effect"
import { Cause, Context, Effect, Exit, Layer, Logger, Option, Tracer } from "effect"
import type { Db, Document } from "mongodb"
import { MongoDatabase, MongoSessionStorage, SessionStorage } from "../../src/index.js"
import { freePort } from "../support/serverInfo.js"

/** The storage over a `Db` the test owns (never closed by the library). */
export const storageOver = (
  db: Db,
  options: MongoSessionStorage.MongoSessionStorageOptions
): Layer.Layer<SessionStorage.SessionStorage, unknown> =>
  MongoSessionStorage.layer(options).pipe(Layer.provide(MongoDatabase.fromDb(db)))

let collections = 0

/** A collection name no other test of the file uses. */
export const freshCollection = (prefix: string): string => `${prefix}_${++collections}_${Date.now() % 100_000}`

/** Builds the storage in the current scope and hands out the service. */
export const buildStorage = (
  layer: Layer.Layer<SessionStorage.SessionStorage, unknown>
): Effect.Effect<SessionStorage.Service, unknown, Scope.Scope> =>
  Effect.map(Layer.build(layer), (context) => Context.get(context, SessionStorage.SessionStorage))

/** What the server says about itself; FerretDB reports `ferretdbVersion`. */
export interface ServerKind {
  readonly ferretdbVersion: string | undefined
  /** Whether the server creates TTL indexes (FerretDB 1.x does not). */
  readonly supportsTtl: boolean
}

export const serverKind = (db: Db): Effect.Effect<ServerKind> =>
  Effect.promise(() => db.admin().command({ buildInfo: 1 })).pipe(Effect.map((info) => {
    const ferretdbVersion = typeof info["ferretdbVersion"] === "string" ? info["ferretdbVersion"] : undefined
    return { ferretdbVersion, supportsTtl: ferretdbVersion === undefined || !ferretdbVersion.startsWith("v1.") }
  }))

/** An index as `listIndexes` shows it, with its keys in order. */
export interface IndexView {
  readonly name: string
  readonly key: ReadonlyArray<readonly [string, unknown]>
  readonly unique?: boolean
  readonly expireAfterSeconds?: number
}

/** The collection's indexes, sorted by name. */
export const listIndexes = (db: Db, collection: string): Effect.Effect<Array<IndexView>> =>
  Effect.promise(() => db.collection(collection).listIndexes().toArray()).pipe(
    Effect.map((indexes) =>
      indexes
        .map((index: Document): IndexView => ({
          name: String(index["name"]),
          key: Object.entries(index["key"] as Record<string, unknown>),
          ...(index["unique"] === true ? { unique: true } : {}),
          ...(typeof index["expireAfterSeconds"] === "number"
            ? { expireAfterSeconds: index["expireAfterSeconds"] }
            : {})
        }))
        .sort((a, b) => a.name.localeCompare(b.name))
    )
  )

/** Whether a collection exists in the database. */
export const collectionExists = (db: Db, collection: string): Effect.Effect<boolean> =>
  Effect.promise(() => db.listCollections({ name: collection }, { nameOnly: true }).toArray()).pipe(
    Effect.map((found) => found.length > 0)
  )

/** How many documents match, counted by the server. */
export const countDocuments = (db: Db, collection: string, filter: Document = {}): Effect.Effect<number> =>
  Effect.promise(() => db.collection(collection).countDocuments(filter))

/** The failure of an effect, which must fail (a defect or success fails the test). */
export const failureOf = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<E, never, R> =>
  Effect.flatMap(Effect.exit(self), (exit) =>
    Exit.isFailure(exit) && Option.isSome(Cause.failureOption(exit.cause))
      ? Effect.succeed((Cause.failureOption(exit.cause) as Option.Some<E>).value)
      : Effect.dieMessage(`expected a failure, got ${Exit.isSuccess(exit) ? "a success" : Cause.pretty(exit.cause)}`))

/** Polls `check` every 25 ms until it holds or `timeoutMs` passes (live clock); succeeds with whether it held. */
export const eventually = <E, R>(
  check: Effect.Effect<boolean, E, R>,
  timeoutMs: number
): Effect.Effect<boolean, E, R> =>
  Effect.gen(function*() {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (yield* check) return true
      if (Date.now() > deadline) return false
      yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 25)))
    }
  })

/** A TCP port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export const closedPort = (): Effect.Effect<number> => Effect.promise(() => freePort())

/** A log line as the test logger saw it. */
export interface LogLine {
  readonly level: string
  readonly message: string
}

/** A logger that keeps every line, in place of the default one. */
export const captureLogs = (): { readonly lines: Array<LogLine>; readonly layer: Layer.Layer<never> } => {
  const lines: Array<LogLine> = []
  const logger = Logger.make(({ logLevel, message }) => {
    const parts = Array.isArray(message) ? message : [message]
    lines.push({ level: logLevel.label, message: parts.map(String).join(" ") })
  })
  return { lines, layer: Logger.replace(Logger.defaultLogger, logger) }
}

/** A span as the recording tracer saw it. */
export class RecordedSpan implements Tracer.Span {
  readonly _tag = "Span"
  readonly attributes = new Map<string, unknown>()
  readonly events: Array<{ readonly name: string; readonly attributes: Record<string, unknown> | undefined }> = []
  readonly sampled = true
  status: Tracer.SpanStatus
  links: Array<Tracer.SpanLink>
  constructor(
    readonly name: string,
    readonly spanId: string,
    readonly traceId: string,
    readonly parent: Option.Option<Tracer.AnySpan>,
    readonly context: Context.Context<never>,
    links: ReadonlyArray<Tracer.SpanLink>,
    startTime: bigint,
    readonly kind: Tracer.SpanKind
  ) {
    this.status = { _tag: "Started", startTime }
    this.links = [...links]
  }
  end(endTime: bigint, exit: Exit.Exit<unknown, unknown>): void {
    this.status = { _tag: "Ended", startTime: this.status.startTime, endTime, exit }
  }
  attribute(key: string, value: unknown): void {
    this.attributes.set(key, value)
  }
  event(name: string, _startTime: bigint, attributes?: Record<string, unknown>): void {
    this.events.push({ name, attributes })
  }
  addLinks(links: ReadonlyArray<Tracer.SpanLink>): void {
    this.links.push(...links)
  }
}

/** A tracer that keeps every span it makes. */
export const recordingTracer = (): { readonly spans: Array<RecordedSpan>; readonly tracer: Tracer.Tracer } => {
  const spans: Array<RecordedSpan> = []
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind) => {
      const id = String(spans.length + 1)
      const traceId = Option.match(parent, { onNone: () => `trace-${id}`, onSome: (p) => p.traceId })
      const span = new RecordedSpan(name, id, traceId, parent, context, links, startTime, kind)
      spans.push(span)
      return span
    },
    context: (f) => f()
  })
  return { spans, tracer }
}
