/**
 * The free-form `data` of a session: JSON-like values plus `Date`.
 *
 * Accepted: strings (well-formed Unicode), finite numbers, booleans, `null`, valid
 * `Date`s, arrays without holes, and plain objects (any keys, `$where`, `a.b` and
 * `__proto__` included, stored as plain data). An object property whose value is
 * `undefined` is dropped, as `JSON.stringify` does. Everything else is rejected with
 * the path of the first offending value: functions, symbols, bigints, class instances
 * (`Map`, `Buffer`, `ObjectId`, ...), circular references, nesting deeper than
 * {@link MAX_DATA_DEPTH}, and data larger than the size limit as encoded in BSON.
 * Decoding gives a deep copy: the storage never holds the caller's objects.
 *
 * @since 0.1.0
 */
import { Array as Arr, ParseResult, Schema, type SchemaAST } from "effect"
import { BSON } from "mongodb"
import { copyData } from "../internal/copyData.js"
import { encodeData } from "../internal/dataEncoding.js"
import { describeValue } from "../internal/describe.js"

/**
 * The default limit on the size of `data`, as encoded in BSON: 1 MiB.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_MAX_DATA_BYTES = 1024 * 1024

/**
 * The largest limit that may be configured: a MongoDB document holds at most 16 MiB,
 * and the session's other fields need room too.
 *
 * @since 0.1.0
 * @category constants
 */
export const MAX_DATA_BYTES_LIMIT = 15 * 1024 * 1024

/**
 * How deeply `data` may nest, counted as stored (an array directly inside an array takes
 * two levels there). MongoDB itself refuses documents nested deeper than 100 levels.
 *
 * @since 0.1.0
 * @category constants
 */
export const MAX_DATA_DEPTH = 64

/**
 * The type of `data`, as the published API declares it.
 *
 * @since 0.1.0
 * @category models
 */
export type SessionData = Record<string, any>

interface DataIssue {
  readonly path: Array<PropertyKey>
  readonly actual: unknown
  readonly message: string
}

const jsonLike = "must be JSON-like (string, finite number, boolean, null, Date, array or plain object)"

const isPlainObject = (u: object): boolean => {
  const proto = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

const className = (u: object): string => {
  const name: unknown = (u as { constructor?: { name?: unknown } }).constructor?.name
  return typeof name === "string" && name.length > 0 && name.length < 64 ? name : "an unknown class"
}

/**
 * Finds the first value that breaks the rules, depth first. `ancestors` holds the
 * objects on the current path, so a cycle is told apart from a value shared twice.
 */
const findIssue = (
  value: unknown,
  path: Array<PropertyKey>,
  ancestors: Set<object>,
  depth: number
): DataIssue | undefined => {
  const fail = (message: string): DataIssue => ({ path: [...path], actual: value, message })
  switch (typeof value) {
    case "string":
      return value.isWellFormed() ? undefined : fail("must be well-formed Unicode (got a lone surrogate)")
    case "number":
      return Number.isFinite(value) ? undefined : fail(`must be a finite number (got ${value})`)
    case "boolean":
      return undefined
    case "object": {
      if (value === null) return undefined
      if (value instanceof Date) {
        return Number.isNaN(value.getTime()) ? fail("must be a valid Date (got an invalid Date)") : undefined
      }
      if (ancestors.has(value)) return fail("must not be a circular reference")
      if (depth > MAX_DATA_DEPTH) return fail(`must not nest deeper than ${MAX_DATA_DEPTH} levels as stored`)
      if (Array.isArray(value)) return findArrayIssue(value, path, ancestors, depth, fail)
      if (!isPlainObject(value)) return fail(`${jsonLike} (got an instance of ${className(value)})`)
      return findObjectIssue(value, path, ancestors, depth, fail)
    }
    default:
      return fail(`${jsonLike} (got ${describeValue(value)})`)
  }
}

const findArrayIssue = (
  array: ReadonlyArray<unknown>,
  path: Array<PropertyKey>,
  ancestors: Set<object>,
  depth: number,
  fail: (message: string) => DataIssue
): DataIssue | undefined => {
  ancestors.add(array)
  for (let i = 0; i < array.length; i++) {
    if (!(i in array)) return fail(`must not have holes (index ${i} is empty)`)
    path.push(i)
    const issue = array[i] === undefined
      ? { path: [...path], actual: undefined, message: "must not be undefined inside an array (use null)" }
      // An array inside an array is stored inside a wrapper object: two levels.
      : findIssue(array[i], path, ancestors, depth + (Array.isArray(array[i]) ? 2 : 1))
    path.pop()
    if (issue !== undefined) return issue
  }
  ancestors.delete(array)
  return undefined
}

const findObjectIssue = (
  object: object,
  path: Array<PropertyKey>,
  ancestors: Set<object>,
  depth: number,
  fail: (message: string) => DataIssue
): DataIssue | undefined => {
  if (Object.getOwnPropertySymbols(object).length > 0) return fail("must not have symbol keys")
  ancestors.add(object)
  for (const key of Object.keys(object)) {
    path.push(key)
    const child: unknown = (object as Record<string, unknown>)[key]
    const issue = !key.isWellFormed()
      ? { path: [...path], actual: key, message: "is a key that is not well-formed Unicode (a lone surrogate)" }
      : child === undefined
      ? undefined
      : findIssue(child, path, ancestors, depth + 1)
    path.pop()
    if (issue !== undefined) return issue
  }
  ancestors.delete(object)
  return undefined
}

/**
 * The size of `data` once encoded in BSON, as it is stored (keys escaped), in bytes.
 *
 * @since 0.1.0
 * @category utils
 */
export const encodedSize = (data: SessionData): number =>
  BSON.calculateObjectSize(encodeData(data), { ignoreUndefined: true })

const check = (maxBytes: number) => (input: unknown, ast: SchemaAST.Declaration) => {
  const fail = (issue: DataIssue) =>
    ParseResult.fail(
      Arr.isNonEmptyArray(issue.path)
        ? new ParseResult.Pointer(issue.path, input, new ParseResult.Type(ast, issue.actual, issue.message))
        : new ParseResult.Type(ast, issue.actual, issue.message)
    )
  if (typeof input !== "object" || input === null || Array.isArray(input) || input instanceof Date) {
    return fail({ path: [], actual: input, message: `must be a plain object (got ${describeValue(input)})` })
  }
  const issue = findIssue(input, [], new Set(), 0)
  if (issue !== undefined) return fail(issue)
  // The rest works on a private copy, which is also the result: whatever the caller's
  // objects do later (getters, mutation), what was measured is what gets stored.
  const copy = copyData(input as SessionData)
  const size = encodedSize(copy)
  return size > maxBytes
    ? fail({ path: [], actual: input, message: `must be at most ${maxBytes} bytes as BSON (got ${size} bytes)` })
    : ParseResult.succeed(copy)
}

/**
 * A `data` schema with a given size limit (bytes, as encoded in BSON).
 *
 * @since 0.1.0
 * @category schemas
 */
export const sessionDataWithLimit = (maxBytes: number): Schema.Schema<SessionData> => {
  const validate = check(maxBytes)
  return Schema.declare([], {
    decode: () => (input, _options, ast) => validate(input, ast),
    encode: () => (input, _options, ast) => validate(input, ast)
  }, { identifier: "SessionData", description: `JSON-like data of at most ${maxBytes} bytes` })
}

/**
 * The `data` of a session, with the default 1 MiB limit.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SessionData: Schema.Schema<SessionData> = sessionDataWithLimit(DEFAULT_MAX_DATA_BYTES)
