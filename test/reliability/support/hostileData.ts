/**
 * Hostile `data` and hostile session objects, through `storeSession` both as a new
 * session and as the replacement of an existing one (which must survive untouched).
 */
import { ObjectId } from "mongodb"
import type { Group, Row, Slot } from "./hostileTable.js"
import { STORE, VICTIM_STORE } from "./hostileTable.js"

/** Hostile input is, by definition, not what the types allow. */
type Hostile = any

const circular = (): Hostile => {
  const o: Hostile = { a: 1 }
  o.self = o
  return o
}

const circularArray = (): Hostile => {
  const list: Array<unknown> = []
  list.push(list)
  return { list }
}

const nested = (depth: number): Hostile => {
  let o: Hostile = { leaf: true }
  for (let i = 0; i < depth; i++) o = { o }
  return o
}

class Token {
  secret = "t"
}

/** Values `data` must not hold, with the path of the first offending value below `data`. */
export const dataRows: ReadonlyArray<Row> = [
  { name: "a function", value: () => ({ f: () => 1 }), path: ["f"] },
  { name: "a symbol, nested", value: () => ({ nested: { s: Symbol("x") } }), path: ["nested", "s"] },
  { name: "a symbol key", value: () => ({ [Symbol("k")]: 1 }), path: [] },
  { name: "a bigint", value: () => ({ n: 10n }), path: ["n"] },
  { name: "a circular reference", value: circular, path: ["self"] },
  { name: "an array containing itself", value: circularArray, path: ["list", 0] },
  { name: "a class instance", value: () => ({ t: new Token() }), path: ["t"] },
  { name: "a Map", value: () => ({ m: new Map([["a", 1]]) }), path: ["m"] },
  { name: "a Buffer", value: () => ({ b: Buffer.from("x") }), path: ["b"] },
  { name: "an ObjectId", value: () => ({ o: new ObjectId() }), path: ["o"] },
  { name: "a RegExp", value: () => ({ r: /x/ }), path: ["r"] },
  { name: "an Error", value: () => ({ e: new Error("x") }), path: ["e"] },
  { name: "a Number object", value: () => ({ n: new Number(1) }), path: ["n"] },
  { name: "a Uint8Array", value: () => ({ u: new Uint8Array(2) }), path: ["u"] },
  { name: "a Promise", value: () => ({ p: Promise.resolve(1) }), path: ["p"] },
  { name: "an invalid Date", value: () => ({ at: new Date("nope") }), path: ["at"] },
  { name: "NaN in an array", value: () => ({ list: [1, NaN] }), path: ["list", 1] },
  { name: "Infinity", value: () => ({ n: Infinity }), path: ["n"] },
  { name: "-Infinity", value: () => ({ n: -Infinity }), path: ["n"] },
  { name: "an array hole", value: () => ({ list: [1, , 3] }), path: ["list"] },
  { name: "undefined in an array", value: () => ({ list: [undefined] }), path: ["list", 0] },
  { name: "a lone surrogate", value: () => ({ s: "\udc00" }), path: ["s"] },
  { name: "a lone surrogate key", value: () => ({ ["k\ud800"]: 1 }), path: ["k\ud800"] },
  { name: "nesting 100 levels deep", value: () => nested(100), path: Array(65).fill("o") },
  { name: "a 1 MiB string (over the limit)", value: () => ({ blob: "x".repeat(1024 * 1024) }), path: [] },
  {
    name: "70,000 small strings (over the limit)",
    value: () => ({ list: Array(70_000).fill("0123456789") }),
    path: []
  },
  { name: "an array instead of an object", value: () => [1, 2], path: [] },
  { name: "a JSON string instead of an object", value: () => "{\"a\":1}", path: [] },
  { name: "null instead of an object", value: () => null, path: [] },
  { name: "a number instead of an object", value: () => 42, path: [] },
  { name: "a Map instead of an object", value: () => new Map([["a", 1]]), path: [] },
  { name: "a Date instead of an object", value: () => new Date(0), path: [] }
]

export const dataSlots: ReadonlyArray<Slot> = [
  {
    name: "storeSession data of a new session",
    method: "storeSession",
    args: (v) => [STORE, { id: "fresh", data: v }],
    path: ["session", "data"]
  },
  {
    name: "storeSession data replacing a session",
    method: "storeSession",
    args: (v) => [STORE, { id: "a", userId: "u", data: v }],
    path: ["session", "data"]
  }
]

export const dataGroup: Group = { name: "data", rows: dataRows, slots: dataSlots }

/** Session objects that break the rules, with the path below `session`. */
export const sessionRows: ReadonlyArray<Row> = [
  { name: "null", value: () => null, path: [] },
  { name: "undefined", value: () => undefined, path: [] },
  { name: "a string", value: () => "a", path: [] },
  { name: "an array", value: () => [{ id: "a" }], path: [] },
  { name: "a number", value: () => 42, path: [] },
  { name: "no id", value: () => ({ data: { x: 1 } }), path: ["id"] },
  { name: "only an operator", value: () => ({ $ne: null }), path: ["$ne"] },
  { name: "unknown key $where", value: () => ({ id: "a", $where: "this.isAdmin" }), path: ["$where"] },
  {
    name: "own __proto__ key",
    value: () => JSON.parse("{\"id\": \"a\", \"__proto__\": {\"userId\": \"admin\"}}"),
    path: ["__proto__"]
  },
  {
    name: "constructor key",
    value: () => ({ id: "a", constructor: { prototype: { polluted: 1 } } }),
    path: ["constructor"]
  },
  { name: "prototype key", value: () => ({ id: "a", prototype: { polluted: 1 } }), path: ["prototype"] },
  { name: "an _id", value: () => ({ id: "a", _id: "1:s:b" }), path: ["_id"] },
  { name: "another store", value: () => ({ id: "a", store: VICTIM_STORE }), path: ["store"] },
  { name: "expiresAt: invalid Date", value: () => ({ id: "a", expiresAt: new Date(NaN) }), path: ["expiresAt"] },
  { name: "expiresAt: ISO string", value: () => ({ id: "a", expiresAt: "2030-01-01" }), path: ["expiresAt"] },
  {
    name: "expiresAt: 10,000 characters",
    value: () => ({ id: "a", expiresAt: "9".repeat(10_000) }),
    path: ["expiresAt"]
  },
  { name: "expiresAt: number", value: () => ({ id: "a", expiresAt: Date.now() + 60_000 }), path: ["expiresAt"] },
  { name: "expiresAt: operator", value: () => ({ id: "a", expiresAt: { $gt: new Date(0) } }), path: ["expiresAt"] },
  { name: "expiresAt: null", value: () => ({ id: "a", expiresAt: null }), path: ["expiresAt"] },
  { name: "createdAt: invalid Date", value: () => ({ id: "a", createdAt: new Date(NaN) }), path: ["createdAt"] },
  { name: "updatedAt: string", value: () => ({ id: "a", updatedAt: "yesterday" }), path: ["updatedAt"] }
]

export const sessionSlots: ReadonlyArray<Slot> = [
  { name: "storeSession session", method: "storeSession", args: (v) => [STORE, v], path: ["session"] }
]

export const sessionGroup: Group = { name: "session", rows: sessionRows, slots: sessionSlots }
