/**
 * How `data` is written to MongoDB so that it comes back exactly, on every
 * MongoDB-compatible server and through every supported driver:
 *
 * - keys are escaped: `%`, `$`, `.` and NUL become `%25`, `%24`, `%2E` and `%00`
 *   (FerretDB 1.x refuses `$` and `.` in keys), and the empty key becomes `%`;
 * - a key that names a property of `Object.prototype` (`__proto__`, `constructor`,
 *   `toString`, ...) or is `_bsontype` has its first character escaped
 *   (`%5F_proto__`, `%63onstructor`): the BSON serializer reads `_bsontype` as a type
 *   tag, and the deserializer reads an array under an `Object.prototype` name as raw
 *   bytes (it looks the key up in a plain object of options);
 * - an array inside an array is stored as `{ "%A": [...] }` (FerretDB 1.x refuses
 *   nested arrays), and `-0` as `{ "%N": "-0" }`.
 *
 * No escaped key can be `%A` or `%N`, so these wrappers never meet user data.
 *
 * @internal
 */
import type { SessionData } from "../schema/SessionData.js"
import { setOwn } from "./copyData.js"

const reservedKeys: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), "_bsontype"])

const needsEscape = /[%$.\u0000]/
const escaped = /[%$.\u0000]/g
const escapeChar = (c: string): string => `%${c.charCodeAt(0).toString(16).padStart(2, "0").toUpperCase()}`
const escapeKey = (key: string): string =>
  key === ""
    ? "%"
    : reservedKeys.has(key)
    ? escapeChar(key.charAt(0)) + key.slice(1)
    : needsEscape.test(key)
    ? key.replace(escaped, escapeChar)
    : key

const unescapeKey = (key: string): string =>
  key === "%" ? "" : key.includes("%")
    ? key.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : key

const NESTED_ARRAY = "%A"
const NEGATIVE_ZERO = "%N"

const encodeValue = (value: unknown, inArray: boolean): unknown => {
  if (typeof value === "number") return Object.is(value, -0) ? { [NEGATIVE_ZERO]: "-0" } : value
  if (typeof value !== "object" || value === null) return value
  if (value instanceof Date) return new Date(value.getTime())
  if (Array.isArray(value)) {
    const items = value.map((item) => encodeValue(item, true))
    return inArray ? { [NESTED_ARRAY]: items } : items
  }
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    const item: unknown = (value as Record<string, unknown>)[key]
    if (item !== undefined) setOwn(out, escapeKey(key), encodeValue(item, false))
  }
  return out
}

const decodeValue = (value: unknown): unknown => {
  if (typeof value !== "object" || value === null || value instanceof Date) return value
  if (Array.isArray(value)) return value.map(decodeValue)
  const keys = Object.keys(value)
  const record = value as Record<string, unknown>
  if (keys.length === 1) {
    if (keys[0] === NESTED_ARRAY && Array.isArray(record[NESTED_ARRAY])) return decodeValue(record[NESTED_ARRAY])
    if (keys[0] === NEGATIVE_ZERO && record[NEGATIVE_ZERO] === "-0") return -0
  }
  const out: Record<string, unknown> = {}
  for (const key of keys) setOwn(out, unescapeKey(key), decodeValue(record[key]))
  return out
}

/** `data` as stored. */
export const encodeData = (data: SessionData): SessionData => encodeValue(data, false) as SessionData

/** `data` as stored, back to what was given. */
export const decodeData = (data: SessionData): SessionData => decodeValue(data) as SessionData
