/**
 * Before anything is measured: the raw baseline must send the very commands the layer
 * and the facade send. Each operation runs once per contender with the same arguments,
 * the `commandStarted` events are captured, and their documents compared after
 * removing what differs between any two calls (session ids, cluster time, the current
 * time). A difference fails the run: the baseline has drifted from
 * src/internal/mongo/operations.ts.
 */
import type { CommandStartedEvent, Document } from "mongodb"
import type { Collection } from "mongodb"
import type { CollectionContenders } from "./contenders.js"
import type { StoredSession } from "./fixtures.js"
import { insertAll, seededKey, sessionInput, throwawayDocuments } from "./fixtures.js"
import type { Contender, ContenderName } from "./operations.js"

/** The outcome for one operation. */
export interface EquivalenceResult {
  readonly operation: string
  /** The command names each contender sent, in order. */
  readonly commands: Readonly<Partial<Record<ContenderName, ReadonlyArray<string>>>>
  /** Whether the layer's and the facade's commands equal the raw driver's. */
  readonly identical: boolean
  /** The normalized commands that differ, when they do. */
  readonly difference?: string
}

/** What differs between any two calls; `$db`, `$readPreference` and the like are the same for every contender, so they are compared. */
const volatileKeys = new Set(["lsid", "$clusterTime", "txnNumber"])

/** The command with volatile parts removed; times within a minute of now become "<now>". */
const normalize = (value: unknown): unknown => {
  if (value instanceof Date) return Math.abs(value.getTime() - Date.now()) < 60_000 ? "<now>" : value.toISOString()
  if (Array.isArray(value)) return value.map(normalize)
  if (typeof value === "object" && value !== null) {
    if (typeof (value as { toHexString?: unknown }).toHexString === "function") return "<id>"
    return Object.fromEntries(
      Object.entries(value as Document).filter(([key]) => !volatileKeys.has(key)).map(([k, v]) => [k, normalize(v)])
    )
  }
  return value
}

const describe = (events: ReadonlyArray<CommandStartedEvent>): string =>
  JSON.stringify(events.map((e) => normalize(e.command)))

interface Probe {
  readonly operation: string
  readonly run: (contender: Contender) => Promise<unknown>
  readonly before?: () => Promise<void>
}

/**
 * Runs every operation once per contender and compares the commands. Fails when the
 * layer or the facade sends anything else than the raw driver does.
 */
export const checkEquivalence = async (
  contenders: CollectionContenders,
  admin: Collection<StoredSession>,
  stores: number
): Promise<Array<EquivalenceResult>> => {
  const existing = seededKey(0, stores)
  const probes: ReadonlyArray<Probe> = [
    { operation: "loadSession", run: (c) => c.call("load", existing) },
    {
      operation: "storeSession (insert)",
      before: async () => {
        await admin.deleteMany({ store: "bench-equivalence" })
      },
      run: (c) => c.call("store", { store: "bench-equivalence", session: sessionInput("same-id", 1) })
    },
    {
      operation: "storeSession (update)",
      run: (c) => c.call("store", { store: existing.store, session: sessionInput(existing.id, 0) })
    },
    {
      operation: "deleteSession",
      before: () => insertAll(admin, throwawayDocuments("bench-equivalence", ["to-delete"])),
      run: (c) => c.call("delete", { store: "bench-equivalence", id: "to-delete" })
    },
    {
      operation: "deleteSessions",
      run: (c) => c.call("deleteMany", { store: existing.store, ids: ["gone-1", "gone-2", "gone-1", "gone-3"] })
    },
    { operation: "findSessionsByStore", run: (c) => c.call("page", { store: existing.store, limit: 5 }) },
    { operation: "streamSessionsByStore", run: (c) => c.call("readAll", { store: existing.store }) }
  ]
  const results: Array<EquivalenceResult> = []
  for (const probe of probes) {
    const captured = new Map<ContenderName, ReadonlyArray<CommandStartedEvent>>()
    for (const contender of [contenders.raw, contenders.layer, contenders.facade]) {
      await probe.before?.()
      captured.set(contender.name, await contenders.counters[contender.name].capture(() => probe.run(contender)))
    }
    const raw = describe(captured.get("raw") ?? [])
    const layer = describe(captured.get("layer") ?? [])
    const facade = describe(captured.get("facade") ?? [])
    const identical = raw === layer && raw === facade
    results.push({
      operation: probe.operation,
      commands: Object.fromEntries([...captured].map(([name, events]) => [name, events.map((e) => e.commandName)])),
      identical,
      ...(identical ? {} : { difference: `raw:    ${raw}\nlayer:  ${layer}\nfacade: ${facade}` })
    })
  }
  await admin.deleteMany({ store: "bench-equivalence" })
  const different = results.filter((r) => !r.identical)
  if (different.length > 0) {
    throw new Error(
      `the raw baseline does not send the layer's commands:\n${
        different.map((r) => `${r.operation}\n${r.difference}`).join("\n")
      }`
    )
  }
  return results
}
