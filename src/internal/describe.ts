/**
 * Says what kind of value was received, without quoting it: a validation message must
 * never echo session data (it may hold tokens) nor a 10,000-character hostile string.
 *
 * @internal
 */
export const describeValue = (u: unknown): string => {
  if (u === null) return "null"
  if (u === undefined) return "undefined"
  if (Array.isArray(u)) return "an array"
  switch (typeof u) {
    case "string":
      return u.length === 0 ? "an empty string" : `a string of ${u.length} characters`
    case "number":
      return Number.isFinite(u) ? `the number ${u}` : `${u}`
    case "object":
      return u instanceof Date ? (Number.isNaN(u.getTime()) ? "an invalid Date" : "a Date") : "an object"
    case "bigint":
      return "a bigint"
    case "boolean":
      return "a boolean"
    case "function":
      return "a function"
    case "symbol":
      return "a symbol"
  }
  return typeof u
}
