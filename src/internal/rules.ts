/**
 * The rules every layer applies the same way: when a session has expired, and in which
 * order sessions are listed.
 *
 * @internal
 */

/**
 * A session has expired when its `expiresAt` is at or before `now` (milliseconds).
 * A session without `expiresAt` never expires.
 */
export const isExpired = (expiresAt: Date | undefined, now: number): boolean =>
  expiresAt !== undefined && expiresAt.getTime() <= now

/**
 * The `createdAt` of a write at `now` that a newer write of the same session superseded:
 * the session's, when that session was live and already created at `now`; otherwise the
 * write would have created it, at `now`.
 */
export const createdAtBefore = (
  newer: { readonly createdAt: Date; readonly expiresAt?: Date | undefined },
  now: number
): Date =>
  !isExpired(newer.expiresAt, now) && newer.createdAt.getTime() <= now
    ? new Date(newer.createdAt.getTime())
    : new Date(now)

/**
 * Maps a UTF-16 code unit so that comparing mapped units orders strings by code point,
 * which is how MongoDB compares strings (byte order of UTF-8).
 */
const codePointOrder = (unit: number): number => unit < 0xd800 ? unit : unit >= 0xe000 ? unit - 0x800 : unit + 0x2000

/** Compares two strings by Unicode code point, as MongoDB's default (binary) collation does. */
export const compareStrings = (a: string, b: string): number => {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return codePointOrder(x) - codePointOrder(y)
  }
  return a.length - b.length
}

/** Listing order: oldest first by `createdAt`, ties broken by `id`. */
export const compareSessions = (
  a: { readonly createdAt: Date; readonly id: string },
  b: { readonly createdAt: Date; readonly id: string }
): number => a.createdAt.getTime() - b.createdAt.getTime() || compareStrings(a.id, b.id)
