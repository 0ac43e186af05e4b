/**
 * Hostile values where a string key goes (store, id, userId, an element of ids), and
 * every such place in every method.
 */
import { ObjectId } from "mongodb"
import type { Group, Row, Slot } from "./hostileTable.js"
import { STORE } from "./hostileTable.js"

/** A string key must be a primitive string of 1 to 255 well-formed characters without NUL. */
export const keyRows: ReadonlyArray<Row> = [
  { name: "{ $ne: null }", value: () => ({ $ne: null }) },
  { name: "{ $gt: \"\" }", value: () => ({ $gt: "" }) },
  { name: "{ $regex: \".*\" }", value: () => ({ $regex: ".*" }) },
  { name: "{ $where }", value: () => ({ $where: "sleep(100) || true" }) },
  { name: "{ $exists: true }", value: () => ({ $exists: true }) },
  { name: "{ $in: [...] }", value: () => ({ $in: ["a", "b", "v"] }) },
  { name: "own __proto__ key holding an operator", value: () => JSON.parse("{\"__proto__\": {\"$ne\": null}}") },
  { name: "array of a valid id", value: () => ["a"] },
  { name: "empty array", value: () => [] },
  { name: "number", value: () => 42 },
  { name: "zero", value: () => 0 },
  { name: "NaN", value: () => NaN },
  { name: "negative fraction", value: () => -1.5 },
  { name: "null", value: () => null },
  { name: "undefined", value: () => undefined, absent: true },
  { name: "boolean", value: () => true },
  { name: "empty string", value: () => "" },
  { name: "256 characters", value: () => "k".repeat(256) },
  { name: "10,000 characters", value: () => "k".repeat(10_000) },
  { name: "NUL inside", value: () => "a\u0000b" },
  { name: "NUL alone", value: () => "\u0000" },
  { name: "lone surrogate", value: () => "a\ud800" },
  { name: "symbol", value: () => Symbol("a") },
  { name: "bigint", value: () => 10n },
  { name: "function", value: () => () => "a" },
  { name: "String object", value: () => new String("a") },
  { name: "Date", value: () => new Date(0) },
  { name: "RegExp", value: () => /.*/ },
  { name: "object with toString", value: () => ({ toString: () => "a", valueOf: () => "a" }) },
  { name: "Buffer", value: () => Buffer.from("a") },
  { name: "ObjectId", value: () => new ObjectId() },
  { name: "null-prototype object", value: () => Object.create(null) },
  { name: "Map", value: () => new Map([["$ne", null]]) },
  { name: "array-like object", value: () => ({ length: 1, 0: "a" }) },
  { name: "promise of a valid id", value: () => Promise.resolve("a") }
]

/** Every place a string key goes. */
export const keySlots: ReadonlyArray<Slot> = [
  { name: "storeSession store", method: "storeSession", args: (v) => [v, { id: "fresh" }], path: ["store"] },
  { name: "storeSession session.id", method: "storeSession", args: (v) => [STORE, { id: v }], path: ["session", "id"] },
  {
    name: "storeSession session.userId",
    method: "storeSession",
    args: (v) => [STORE, { id: "a", userId: v }],
    path: ["session", "userId"],
    optional: true
  },
  {
    name: "storeSession session.store",
    method: "storeSession",
    args: (v) => [STORE, { id: "a", store: v }],
    path: ["session", "store"],
    optional: true
  },
  { name: "loadSession store", method: "loadSession", args: (v) => [v, "a"], path: ["store"] },
  { name: "loadSession id", method: "loadSession", args: (v) => [STORE, v], path: ["id"] },
  { name: "deleteSession store", method: "deleteSession", args: (v) => [v, "a"], path: ["store"] },
  { name: "deleteSession id", method: "deleteSession", args: (v) => [STORE, v], path: ["id"] },
  { name: "deleteSessions store", method: "deleteSessions", args: (v) => [v, ["a"]], path: ["store"] },
  { name: "deleteSessions ids[1]", method: "deleteSessions", args: (v) => [STORE, ["b", v]], path: ["ids", 1] },
  { name: "findSessionsByStore store", method: "findSessionsByStore", args: (v) => [v], path: ["store"] },
  {
    name: "findSessionsByStore options.userId",
    method: "findSessionsByStore",
    args: (v) => [STORE, { userId: v }],
    path: ["options", "userId"],
    optional: true
  },
  { name: "streamSessionsByStore store", method: "streamSessionsByStore", args: (v) => [v], path: ["store"] },
  {
    name: "streamSessionsByStore options.userId",
    method: "streamSessionsByStore",
    args: (v) => [STORE, { userId: v }],
    path: ["options", "userId"],
    optional: true
  }
]

export const keyGroup: Group = { name: "string key", rows: keyRows, slots: keySlots }
