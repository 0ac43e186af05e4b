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

const copyValue = (value: unknown): unknown => {
  if (typeof value !== "object" || value === null) return value
  if (value instanceof Date) return new Date(value.getTime())
  if (Array.isArray(value)) return value.map(copyValue)
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
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
