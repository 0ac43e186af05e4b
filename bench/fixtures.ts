/**
 * The data the benchmark works on: sessions spread over stores, written straight in
 * the layer's document layout (bulk `insertMany`, much faster than one upsert each),
 * plus deterministic id sequences so every contender of a round sees the same ids.
 */
import type { Collection } from "mongodb"
import type { SessionInput } from "../src/index.js"
import type { SessionDocument } from "../src/internal/mongo/document.js"
import { sessionKey } from "../src/internal/mongo/document.js"

/** A session document as the layer stores it. */
export type StoredSession = SessionDocument

/** The `_id` of a session, as the layer encodes it. */
export { sessionKey }

/** The name of store `i`. */
export const storeName = (i: number): string => `store-${String(i).padStart(2, "0")}`

/** The id of the session at position `n` of the seeded collection. */
export const sessionId = (n: number): string => `s-${String(n).padStart(7, "0")}`

/** Where session `n` of a collection seeded over `stores` stores lives. */
export const seededKey = (n: number, stores: number): { readonly store: string; readonly id: string } => ({
  store: storeName(n % stores),
  id: sessionId(n)
})

const DAY = 24 * 60 * 60 * 1000

/** Far enough ahead that nothing expires during a run. */
export const expiresAt = new Date(Date.now() + 30 * DAY)

/**
 * Session `data` as an app keeps it: about 450 bytes of BSON, plain keys only, so the
 * layer stores it as it is (no key needs escaping) and the raw driver can write the
 * very same document.
 */
export const sessionData = (n: number): Record<string, unknown> => ({
  accessToken: `qat_${String(n).padStart(8, "0")}_4f9c2a7e1b6d3f80a5c9e2d4b7f1a3c6`,
  scope: "read_products,write_products,read_orders,write_orders,read_customers",
  shop: { domain: `shop-${n % 97}.qumra.cloud`, plan: "growth", currency: "EGP", locale: "ar-EG" },
  onboarding: { step: n % 5, completed: n % 5 === 4, flags: [true, false, true] },
  counters: { visits: n % 1000, carts: n % 17, orders: n % 7 },
  lastSeenAt: new Date(Date.UTC(2025, 0, 1) + (n % 1000) * 60_000)
})

/** The `storeSession` input every contender writes for session `id`. */
export const sessionInput = (id: string, n: number): SessionInput => ({
  id,
  userId: `user-${n % 500}`,
  data: sessionData(n),
  expiresAt
})

/** A session document exactly as the layer writes it for {@link sessionInput}. */
export const sessionDocument = (store: string, id: string, n: number, createdAt: Date): StoredSession => ({
  _id: sessionKey(store, id),
  store,
  id,
  userId: `user-${n % 500}`,
  data: sessionData(n),
  expiresAt,
  updatedAt: createdAt,
  createdAt
})

/** Inserts documents, unordered (the driver splits a large insert into batches itself). */
export const insertAll = async (
  collection: Collection<StoredSession>,
  documents: ReadonlyArray<StoredSession>
): Promise<void> => {
  if (documents.length > 0) await collection.insertMany([...documents], { ordered: false })
}

/** Seeding builds and inserts this many documents at a time, so 100,000 are never held at once. */
const SEED_BATCH = 1_000

/**
 * Grows a collection seeded by this function from `from` to `to` sessions over `stores`
 * stores (session `n` in store `n % stores`), each created one millisecond after the
 * previous one so that listing order is well defined.
 */
export const seedSessions = async (
  collection: Collection<StoredSession>,
  from: number,
  to: number,
  stores: number
): Promise<void> => {
  const origin = Date.UTC(2025, 0, 1)
  for (let start = from; start < to; start += SEED_BATCH) {
    const documents: Array<StoredSession> = []
    for (let n = start; n < Math.min(to, start + SEED_BATCH); n++) {
      const { id, store } = seededKey(n, stores)
      documents.push(sessionDocument(store, id, n, new Date(origin + n)))
    }
    await collection.insertMany(documents, { ordered: false })
  }
}

/** Documents of throwaway sessions (to be deleted by the benchmark) in `store`. */
export const throwawayDocuments = (store: string, ids: ReadonlyArray<string>): Array<StoredSession> => {
  const now = new Date()
  return ids.map((id, i) => sessionDocument(store, id, i, now))
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same sequence. */
export const prng = (seed: number): () => number => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const GOLDEN = (Math.sqrt(5) - 1) / 2

/**
 * Position `n` of an evenly spread sequence over `0..size-1` (golden-ratio steps):
 * any prefix covers the collection evenly, so few samples still see documents near the
 * start and near the end of a table that is scanned front to back.
 */
export const spreadPosition = (n: number, round: number, size: number): number =>
  Math.min(size - 1, Math.floor((((n + 0.5 + round * 0.37) * GOLDEN) % 1) * size))
