/**
 * Deep copies of session `data`, so that no caller ever shares an object with the
 * storage: what is stored cannot change behind the storage's back, and what is loaded
 * can be mutated freely.
 *
 * @internal
 */
import type { SessionData } from "../schema/SessionData.js"

/**
 * Sets an own, enumerable property, even one named `__proto__` (a plain assignment
 * would replace the prototype instead of creating the key).
 */
export const setOwn = (target: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true })
  } else {
    target[key] = value
  }
}

// Loops rather than `map`/`entries`: this runs on every read of the in-memory layer.
const copyValue = (value: unknown): unknown => {
  if (typeof value !== "object" || value === null) return value
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length)
    for (let i = 0; i < value.length; i++) out[i] = copyValue(value[i])
    return out
  }
  if (value instanceof Date) return new Date(value.getTime())
  const out: Record<string, unknown> = {}
  const keys = Object.keys(value)
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    const item: unknown = (value as Record<string, unknown>)[key]
    if (item !== undefined) setOwn(out, key, copyValue(item))
  }
  return out
}

/**
 * A deep copy of validated `data`: fresh objects, arrays and `Date`s; properties whose
 * value is `undefined` left out.
 *
 * @internal
 */
export const copyData = (data: SessionData): SessionData => copyValue(data) as SessionData
