/**
 * From MongoDB driver errors to the library's typed errors, and which driver errors are
 * worth retrying. Matching is by error name and code rather than `instanceof`, so that
 * every supported driver major (6.x, 7.x) is read the same way.
 *
 * @internal
 */
import type { SessionStorageOperation } from "../../errors/SessionStorageError.js"
import {
  ConnectionError,
  OperationError,
  redactCredentials,
  StorageClosedError
} from "../../errors/SessionStorageError.js"

interface DriverError {
  readonly name?: unknown
  readonly message?: unknown
  readonly code?: unknown
  readonly codeName?: unknown
  readonly hasErrorLabel?: (label: string) => boolean
}

const asDriverError = (u: unknown): DriverError => (typeof u === "object" && u !== null ? u : {})

const unreachable = new Set([
  "MongoServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoServerClosedError",
  "MongoOperationTimeoutError"
])

const closed = new Set(["MongoTopologyClosedError", "MongoNotConnectedError", "MongoClientClosedError"])

/**
 * Socket errors of Node itself: the driver sometimes rejects with them as they are
 * (a connection reset while writing), rather than wrapped in a `MongoNetworkError`.
 */
const socketCodes = new Set([
  "ECONNRESET",
  "EPIPE",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN"
])

const isNetworkError = (error: DriverError): boolean =>
  error.name === "MongoNetworkError" || error.name === "MongoNetworkTimeoutError" ||
  (typeof error.code === "string" && socketCodes.has(error.code))

/** Server codes of errors that a retry may cure (the server is stepping down, shutting down, or flaky). */
const transientCodes = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436])

/** The server's error code, when the error carries one. */
export const errorCode = (u: unknown): number | undefined => {
  const { code } = asDriverError(u)
  return typeof code === "number" ? code : undefined
}

/** A duplicate key (E11000): another write won the race for the same `_id`. */
export const isDuplicateKey = (u: unknown): boolean => errorCode(u) === 11000

/**
 * Whether retrying may cure the error: a dropped connection or a server that is stepping
 * down. Server selection timeouts are not retried: they already waited their full time.
 */
export const isTransient = (u: unknown): boolean => {
  const error = asDriverError(u)
  if (isNetworkError(error)) return true
  if (typeof error.hasErrorLabel === "function") {
    if (error.hasErrorLabel("RetryableWriteError") || error.hasErrorLabel("ResetPool")) return true
  }
  const code = errorCode(u)
  return code !== undefined && transientCodes.has(code)
}

/** A readable reason, with any credentials removed. */
export const reasonOf = (u: unknown, secrets: ReadonlyArray<string> = []): string => {
  const { message } = asDriverError(u)
  const text = redactCredentials(typeof message === "string" && message.length > 0 ? message : String(u), secrets)
  return text.length > 500 ? `${text.slice(0, 500)}…` : text
}

/** Maps any error thrown by the driver during `operation` to a typed error. */
export const fromDriverError = (
  operation: SessionStorageOperation,
  secrets: ReadonlyArray<string> = []
) =>
(u: unknown): ConnectionError | OperationError | StorageClosedError => {
  const error = asDriverError(u)
  const name = typeof error.name === "string" ? error.name : ""
  if (closed.has(name)) return new StorageClosedError({ operation })
  if (unreachable.has(name) || isNetworkError(error)) {
    return new ConnectionError({ operation, reason: reasonOf(u, secrets) })
  }
  return new OperationError({
    operation,
    reason: reasonOf(u, secrets),
    code: errorCode(u),
    codeName: typeof error.codeName === "string" ? error.codeName : undefined
  })
}
