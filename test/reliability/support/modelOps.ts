/**
 * The operations of the model-based test, and their fast-check arbitraries: stores,
 * loads, deletes, listings with random pages, clock advances, and a few invalid calls.
 * Keys come from small pools so that operations meet the same sessions often.
 */
import { FastCheck as fc } from "effect"

/** Valid `data`: JSON-like values and Dates, odd keys included. */
export type Data = Record<string, unknown>

export type Op =
  | {
    readonly _tag: "store"
    readonly store: number
    readonly id: string
    readonly userId?: string
    readonly data?: Data
    /** `expiresAt` is the current time plus this, when present (may be in the past). */
    readonly expiresIn?: number
  }
  | { readonly _tag: "load" | "delete"; readonly store: number; readonly id: string }
  | { readonly _tag: "deleteMany"; readonly store: number; readonly ids: ReadonlyArray<string> }
  | {
    readonly _tag: "find" | "stream"
    readonly store: number
    readonly userId?: string
    readonly limit?: number
    readonly offset?: number
  }
  | { readonly _tag: "advance"; readonly ms: number }
  | { readonly _tag: "invalid"; readonly which: number }

/** How many stores a sequence uses. */
export const STORES = 3

const ids = fc.constantFrom("a", "b", "c", "Z", "é", "a.b", "$x", "0", "😀", "s".repeat(255))
const userIds = fc.constantFrom("u1", "u2", "ü")
const store = fc.integer({ min: 0, max: STORES - 1 })

const key = fc.oneof(
  fc.constantFrom("a", "b", "$where", "a.b", "", "%", "%24", "%A", "%N", "prototype", "_id", "x\u0000y"),
  // Names the BSON serializer or deserializer once misread (see oddDataKeys.test.ts).
  fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "_bsontype", "%5F_proto__"),
  fc.string({ unit: "grapheme", maxLength: 6 })
)

const leaf = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: true })
)

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(key, tie("value"), { maxKeys: 3 })
  )
}))

export const data: fc.Arbitrary<Data> = fc.dictionary(key, value, { maxKeys: 4 })

const page = {
  store,
  userId: userIds,
  limit: fc.integer({ min: 1, max: 5 }),
  offset: fc.integer({ min: 0, max: 6 })
}

/** One operation. */
export const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record(
      {
        _tag: fc.constant("store" as const),
        store,
        id: ids,
        userId: userIds,
        data,
        expiresIn: fc.oneof(fc.integer({ min: -5_000, max: 10_000 }), fc.constantFrom(3_600_000, 86_400_000))
      },
      { requiredKeys: ["_tag", "store", "id"] }
    )
  },
  { weight: 3, arbitrary: fc.record({ _tag: fc.constantFrom("load" as const, "delete" as const), store, id: ids }) },
  {
    weight: 1,
    arbitrary: fc.record({ _tag: fc.constant("deleteMany" as const), store, ids: fc.array(ids, { maxLength: 5 }) })
  },
  {
    weight: 3,
    arbitrary: fc.record({ _tag: fc.constantFrom("find" as const, "stream" as const), ...page }, {
      requiredKeys: ["_tag", "store"]
    })
  },
  {
    weight: 2,
    arbitrary: fc.record({
      _tag: fc.constant("advance" as const),
      ms: fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.constantFrom(3_600_000, 86_400_000))
    })
  },
  { weight: 1, arbitrary: fc.record({ _tag: fc.constant("invalid" as const), which: fc.nat(5) }) }
)

/** A sequence of operations. */
export const sequence = (maxLength: number): fc.Arbitrary<Array<Op>> =>
  fc.array(op, { minLength: 1, maxLength, size: "max" })
