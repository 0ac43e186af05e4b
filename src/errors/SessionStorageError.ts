/**
 * Everything that can go wrong when storing sessions, as tagged errors.
 *
 * Every class is an `Error` (with `_tag`, `name`, `message` and a stack), so the
 * promise facade rejects with these very objects and `instanceof` works. No field ever
 * holds a connection string or a credential: messages coming from the MongoDB driver
 * pass through {@link redactCredentials} before they are stored.
 *
 * @since 0.1.0
 */
import { Data, Predicate } from "effect"

/**
 * The operations of the session storage, as named in errors and spans.
 *
 * @since 0.1.0
 * @category models
 */
export type SessionStorageOperation =
  | "storeSession"
  | "loadSession"
  | "deleteSession"
  | "deleteSessions"
  | "findSessionsByStore"
  | "streamSessionsByStore"
  | "ensureIndex"
  | "connect"
  | "disconnect"
  | "sweep"

/**
 * Bad input: an argument or option broke a rule. Nothing was written.
 *
 * `path` names the failing field from the argument down, e.g. `["session", "data", "a"]`.
 *
 * @since 0.1.0
 * @category errors
 */
export class ValidationError extends Data.TaggedError("ValidationError")<{
  readonly operation: SessionStorageOperation | "configure"
  readonly path: ReadonlyArray<PropertyKey>
  readonly reason: string
}> {
  override get message(): string {
    return `${this.operation}: ${formatPath(this.path)} ${this.reason}`
  }
}

/**
 * MongoDB could not be reached: no server selected in time, network failure, or the
 * connect timeout elapsed.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConnectionError extends Data.TaggedError("ConnectionError")<{
  readonly operation: SessionStorageOperation
  readonly reason: string
}> {
  override get message(): string {
    return `${this.operation}: cannot reach MongoDB: ${this.reason}`
  }
}

/**
 * The server refused or failed a command. `code` and `codeName` are the server's, when
 * it sent them.
 *
 * @since 0.1.0
 * @category errors
 */
export class OperationError extends Data.TaggedError("OperationError")<{
  readonly operation: SessionStorageOperation
  readonly reason: string
  readonly code?: number | undefined
  readonly codeName?: string | undefined
}> {
  override get message(): string {
    const code = this.code === undefined ? "" : ` (code ${this.code}${this.codeName ? ` ${this.codeName}` : ""})`
    return `${this.operation}: MongoDB refused the command${code}: ${this.reason}`
  }
}

/**
 * An index that already exists on the collection conflicts with one this library needs
 * (same name or same keys with other options). It is never dropped for you: `fix` says
 * what to do.
 *
 * @since 0.1.0
 * @category errors
 */
export class IndexConflictError extends Data.TaggedError("IndexConflictError")<{
  readonly collection: string
  readonly index: string
  readonly reason: string
  readonly fix: string
}> {
  override get message(): string {
    return `ensureIndex: index "${this.index}" on collection "${this.collection}" conflicts: ${this.reason}. ${this.fix}`
  }
}

/**
 * The storage was used after `disconnect()` (or after its layer's scope closed).
 *
 * @since 0.1.0
 * @category errors
 */
export class StorageClosedError extends Data.TaggedError("StorageClosedError")<{
  readonly operation: SessionStorageOperation
}> {
  override get message(): string {
    return `${this.operation}: the session storage is closed (disconnect() was called); create a new one`
  }
}

/**
 * Any error of the session storage.
 *
 * @since 0.1.0
 * @category errors
 */
export type SessionStorageError =
  | ValidationError
  | ConnectionError
  | OperationError
  | IndexConflictError
  | StorageClosedError

const tags: ReadonlySet<string> = new Set([
  "ValidationError",
  "ConnectionError",
  "OperationError",
  "IndexConflictError",
  "StorageClosedError"
])

/**
 * Whether `u` is one of this library's errors.
 *
 * @since 0.1.0
 * @category refinements
 */
export const isSessionStorageError = (u: unknown): u is SessionStorageError =>
  u instanceof Error && Predicate.hasProperty(u, "_tag") && typeof u._tag === "string" && tags.has(u._tag)

const identifier = /^[A-Za-z_$][\w$]*$/
const maxSegmentLength = 40

/**
 * Renders a path as JavaScript property access: `session.data["a.b"][0]`. Long keys are
 * shortened so that hostile input cannot blow up a log line.
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatPath = (path: ReadonlyArray<PropertyKey>): string => {
  let out = ""
  for (const segment of path) {
    if (typeof segment === "number") {
      out += `[${segment}]`
    } else if (typeof segment === "symbol") {
      out += `[${String(segment)}]`
    } else {
      const key = segment.length > maxSegmentLength ? `${segment.slice(0, maxSegmentLength)}…` : segment
      out += identifier.test(key) ? (out === "" ? key : `.${key}`) : `[${JSON.stringify(key)}]`
    }
  }
  return out === "" ? "input" : out
}

const credentialsInUrl = /(\/\/)[^/\s]*@/g

/**
 * Removes the `user:password@` part of every URL in a text, and every occurrence of the
 * given secrets (for instance the password of the connection string, should a driver
 * message quote it outside a URL).
 *
 * @since 0.1.0
 * @category formatting
 */
export const redactCredentials = (text: string, secrets: ReadonlyArray<string> = []): string => {
  let out = text.replace(credentialsInUrl, "$1<redacted>@")
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join("<redacted>")
  }
  return out
}
