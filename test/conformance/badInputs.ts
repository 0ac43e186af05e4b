/**
 * Conformance: every bad input fails with `ValidationError` naming the failing field,
 * and leaves the storage exactly as it was.
 */
import { describe, expect } from "@effect/vitest"
import type { Effect } from "effect"
import { Effect as E, Option, Stream } from "effect"
import type { SessionStorage } from "../../src/index.js"
import { ValidationError } from "../../src/index.js"
import type { ConformanceTarget } from "./harness.js"
import { HOUR, snapshot, START, storageTest } from "./harness.js"

type Service = SessionStorage.Service
/** Hostile input is, by definition, not what the types allow. */
type Hostile = any

/** A bad call and the path its error must name. */
export interface BadInput {
  readonly name: string
  readonly call: (storage: Service) => Effect.Effect<unknown, unknown>
  readonly path: ReadonlyArray<PropertyKey>
}

const circular = (): Hostile => {
  const o: Hostile = { a: 1 }
  o.self = o
  return o
}

const deeplyNested = (depth: number): Hostile => {
  let o: Hostile = { leaf: true }
  for (let i = 0; i < depth; i++) o = { o }
  return o
}

const nestedArrays = (depth: number): Hostile => {
  let a: Hostile = [1]
  for (let i = 0; i < depth; i++) a = [a]
  return a
}

const store = (session: Hostile): BadInput["call"] => (s) => s.storeSession("s", session)
const data = (value: Hostile): BadInput["call"] => store({ id: "a", data: value })
const find = (options: Hostile): BadInput["call"] => (s) => s.findSessionsByStore("s", options)
const stream = (options: Hostile): BadInput["call"] => (s) => Stream.runDrain(s.streamSessionsByStore("s", options))

/** At least one bad input of each kind, across every operation. */
export const badInputs: ReadonlyArray<BadInput> = [
  {
    name: "store: operator object",
    call: (s) => s.storeSession({ $ne: null } as Hostile, { id: "a" }),
    path: ["store"]
  },
  { name: "store: empty string", call: (s) => s.storeSession("", { id: "a" }), path: ["store"] },
  { name: "store: 256 characters", call: (s) => s.storeSession("s".repeat(256), { id: "a" }), path: ["store"] },
  { name: "store: NUL byte", call: (s) => s.storeSession("s\u0000", { id: "a" }), path: ["store"] },
  { name: "store: number", call: (s) => s.storeSession(42 as Hostile, { id: "a" }), path: ["store"] },
  { name: "session: null", call: store(null), path: ["session"] },
  { name: "session: array", call: store([{ id: "a" }]), path: ["session"] },
  { name: "session: missing id", call: store({ data: { x: 1 } }), path: ["session", "id"] },
  { name: "id: operator object", call: store({ id: { $gt: "" } }), path: ["session", "id"] },
  { name: "id: 10,000 characters", call: store({ id: "a".repeat(10_000) }), path: ["session", "id"] },
  { name: "id: lone surrogate", call: store({ id: "a\ud800" }), path: ["session", "id"] },
  { name: "userId: $regex object", call: store({ id: "a", userId: { $regex: ".*" } }), path: ["session", "userId"] },
  { name: "userId: null", call: store({ id: "a", userId: null }), path: ["session", "userId"] },
  {
    name: "expiresAt: invalid Date",
    call: store({ id: "a", expiresAt: new Date(NaN) }),
    path: ["session", "expiresAt"]
  },
  { name: "expiresAt: ISO string", call: store({ id: "a", expiresAt: "2030-01-01" }), path: ["session", "expiresAt"] },
  { name: "expiresAt: number", call: store({ id: "a", expiresAt: START + HOUR }), path: ["session", "expiresAt"] },
  { name: "session: unknown key $where", call: store({ id: "a", $where: "1" }), path: ["session", "$where"] },
  { name: "session: store of another store", call: store({ id: "a", store: "t" }), path: ["session", "store"] },
  { name: "data: array", call: data([1, 2]), path: ["session", "data"] },
  { name: "data: string", call: data("{}"), path: ["session", "data"] },
  { name: "data: function", call: data({ f: () => 1 }), path: ["session", "data", "f"] },
  { name: "data: symbol", call: data({ nested: { s: Symbol("x") } }), path: ["session", "data", "nested", "s"] },
  { name: "data: bigint", call: data({ n: 10n }), path: ["session", "data", "n"] },
  { name: "data: NaN", call: data({ list: [1, NaN] }), path: ["session", "data", "list", 1] },
  { name: "data: Infinity", call: data({ n: Infinity }), path: ["session", "data", "n"] },
  { name: "data: invalid Date", call: data({ at: new Date("nope") }), path: ["session", "data", "at"] },
  { name: "data: circular", call: data(circular()), path: ["session", "data", "self"] },
  { name: "data: class instance", call: data({ m: new Map([["a", 1]]) }), path: ["session", "data", "m"] },
  { name: "data: Buffer", call: data({ b: Buffer.from("x") }), path: ["session", "data", "b"] },
  { name: "data: array hole", call: data({ list: [1, , 3] }), path: ["session", "data", "list"] },
  { name: "data: undefined in array", call: data({ list: [undefined] }), path: ["session", "data", "list", 0] },
  { name: "data: lone surrogate", call: data({ s: "\udc00" }), path: ["session", "data", "s"] },
  { name: "data: nested 100 levels", call: data(deeplyNested(100)), path: ["session", "data", ...Array(65).fill("o")] },
  {
    // Stored as 2 levels each (an array in an array is wrapped): past 64 at the 32nd.
    name: "data: arrays nested 40 levels",
    call: data({ a: nestedArrays(40) }),
    path: ["session", "data", "a", ...Array(32).fill(0)]
  },
  {
    name: "data: a getter that throws",
    call: data({
      get token(): string {
        throw new Error("no token")
      }
    }),
    path: []
  },
  { name: "data: over the size limit", call: data({ blob: "x".repeat(1024 * 1024) }), path: ["session", "data"] },
  { name: "load: store operator", call: (s) => s.loadSession({ $ne: null } as Hostile, "a"), path: ["store"] },
  { name: "load: id operator", call: (s) => s.loadSession("s", { $ne: null } as Hostile), path: ["id"] },
  { name: "load: id undefined", call: (s) => s.loadSession("s", undefined as Hostile), path: ["id"] },
  { name: "delete: id operator", call: (s) => s.deleteSession("s", { $gt: "" } as Hostile), path: ["id"] },
  { name: "delete: store array", call: (s) => s.deleteSession(["s"] as Hostile, "a"), path: ["store"] },
  { name: "deleteMany: ids string", call: (s) => s.deleteSessions("s", "a" as Hostile), path: ["ids"] },
  { name: "deleteMany: ids null", call: (s) => s.deleteSessions("s", null as Hostile), path: ["ids"] },
  {
    name: "deleteMany: operator id",
    call: (s) => s.deleteSessions("s", ["a", { $ne: null }] as Hostile),
    path: ["ids", 1]
  },
  { name: "deleteMany: 10,001 ids", call: (s) => s.deleteSessions("s", Array(10_001).fill("a")), path: ["ids"] },
  { name: "find: limit NaN", call: find({ limit: NaN }), path: ["options", "limit"] },
  { name: "find: limit 0", call: find({ limit: 0 }), path: ["options", "limit"] },
  { name: "find: limit negative", call: find({ limit: -5 }), path: ["options", "limit"] },
  { name: "find: limit fractional", call: find({ limit: 1.5 }), path: ["options", "limit"] },
  { name: "find: limit huge", call: find({ limit: 1e12 }), path: ["options", "limit"] },
  { name: "find: offset negative", call: find({ offset: -1 }), path: ["options", "offset"] },
  { name: "find: offset string", call: find({ offset: "0" }), path: ["options", "offset"] },
  { name: "find: userId operator", call: find({ userId: { $ne: null } }), path: ["options", "userId"] },
  { name: "find: unknown option $where", call: find({ $where: "sleep(1000)" }), path: ["options", "$where"] },
  {
    name: "find: __proto__ option",
    call: find(JSON.parse("{\"__proto__\": {\"limit\": 1}}")),
    path: ["options", "__proto__"]
  },
  { name: "find: options null", call: find(null), path: ["options"] },
  { name: "find: store operator", call: (s) => s.findSessionsByStore({ $gt: "" } as Hostile), path: ["store"] },
  { name: "stream: limit string", call: stream({ limit: "10" }), path: ["options", "limit"] },
  { name: "stream: store number", call: (s) => Stream.runDrain(s.streamSessionsByStore(1 as Hostile)), path: ["store"] }
]

export const badInputTests = (target: ConformanceTarget): void => {
  const test = storageTest(target)

  describe("rejects bad input with the failing path and writes nothing", () => {
    for (const bad of badInputs) {
      test(bad.name, (storage) =>
        E.gen(function*() {
          yield* storage.storeSession("s", { id: "a", userId: "u", data: { keep: [1, "two"] } })
          yield* storage.storeSession("s", { id: "b", expiresAt: new Date(START + HOUR) })
          yield* storage.storeSession("t", { id: "a" })
          const before = yield* snapshot(storage, ["s", "t"])
          const error = yield* E.flip(bad.call(storage))
          expect(error).toBeInstanceOf(ValidationError)
          expect((error as ValidationError).path).toEqual(bad.path)
          expect((error as ValidationError).message.length).toBeLessThan(300)
          expect(yield* snapshot(storage, ["s", "t"])).toEqual(before)
          expect(Option.isSome(yield* storage.loadSession("s", "a"))).toBe(true)
          expect(Object.keys(Object.prototype)).toEqual([])
        }))
    }
  })
}
