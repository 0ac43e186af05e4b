/**
 * Hostile listing options (`limit`, `offset`, unknown keys) and hostile `ids` of
 * `deleteSessions`.
 */
import type { Group, Row, Slot } from "./hostileTable.js"
import { STORE } from "./hostileTable.js"

const limit = (name: string, value: unknown): Row => ({
  name: `limit ${name}`,
  value: () => ({ limit: value }),
  path: ["limit"]
})
const offset = (name: string, value: unknown): Row => ({
  name: `offset ${name}`,
  value: () => ({ offset: value }),
  path: ["offset"]
})
const unknownKey = (name: string, value: () => unknown, key: string): Row => ({ name, value, path: [key] })

/** Options of `findSessionsByStore`/`streamSessionsByStore` that break the rules, with the path below `options`. */
export const findOptionRows: ReadonlyArray<Row> = [
  { name: "null", value: () => null, path: [] },
  { name: "a string", value: () => "limit=1", path: [] },
  { name: "an array", value: () => [], path: [] },
  { name: "a number", value: () => 42, path: [] },
  limit("NaN", NaN),
  limit("0", 0),
  limit("-0", -0),
  limit("negative", -1),
  limit("fractional", 1.5),
  limit("10,001", 10_001),
  limit("huge", 1e12),
  limit("Infinity", Infinity),
  limit("as a string", "10"),
  limit("null", null),
  limit("an operator", { $gt: 0 }),
  offset("negative", -1),
  offset("fractional", 0.5),
  offset("NaN", NaN),
  offset("as a string", "0"),
  offset("2^60", 2 ** 60),
  offset("Infinity", Infinity),
  offset("null", null),
  offset("an operator", { $gt: 0 }),
  unknownKey("unknown key $where", () => ({ $where: "sleep(1000) || true" }), "$where"),
  unknownKey("own __proto__ key", () => JSON.parse("{\"__proto__\": {\"limit\": 1}}"), "__proto__"),
  unknownKey("constructor key", () => ({ constructor: { prototype: { limit: 1 } } }), "constructor"),
  unknownKey("prototype key", () => ({ prototype: { limit: 1 } }), "prototype"),
  unknownKey("a typo (limt)", () => ({ limt: 1 }), "limt"),
  unknownKey("sort", () => ({ sort: { _id: -1 } }), "sort"),
  unknownKey("skip", () => ({ skip: 1 }), "skip"),
  unknownKey("projection", () => ({ projection: { data: 1 } }), "projection"),
  unknownKey("filter", () => ({ filter: { store: { $ne: null } } }), "filter"),
  unknownKey("store", () => ({ store: "victim" }), "store")
]

export const findOptionSlots: ReadonlyArray<Slot> = [
  { name: "findSessionsByStore options", method: "findSessionsByStore", args: (v) => [STORE, v], path: ["options"] },
  { name: "streamSessionsByStore options", method: "streamSessionsByStore", args: (v) => [STORE, v], path: ["options"] }
]

export const findOptionGroup: Group = { name: "listing options", rows: findOptionRows, slots: findOptionSlots }

/** `ids` of `deleteSessions` that break the rules, with the path below `ids`. */
export const idsRows: ReadonlyArray<Row> = [
  { name: "a string", value: () => "a", path: [] },
  { name: "null", value: () => null, path: [] },
  { name: "undefined", value: () => undefined, path: [] },
  { name: "a number", value: () => 1, path: [] },
  { name: "an operator", value: () => ({ $in: ["a", "b"] }), path: [] },
  { name: "an array-like object", value: () => ({ length: 1, 0: "a" }), path: [] },
  { name: "a Set", value: () => new Set(["a"]), path: [] },
  { name: "10,001 ids", value: () => Array(10_001).fill("a"), path: [] },
  { name: "a hole", value: () => ["a", , "b"], path: [1] },
  { name: "a nested array", value: () => [["a"]], path: [0] },
  { name: "an operator element", value: () => ["a", { $ne: null }], path: [1] }
]

export const idsSlots: ReadonlyArray<Slot> = [
  { name: "deleteSessions ids", method: "deleteSessions", args: (v) => [STORE, v], path: ["ids"] }
]

export const idsGroup: Group = { name: "ids", rows: idsRows, slots: idsSlots }
