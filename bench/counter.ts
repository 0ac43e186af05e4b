/**
 * Round trips counted, not assumed: every contender has a `MongoClient` of its own with
 * `monitorCommands: true`, and a counter of its `commandStarted` events. The layer's
 * one-off work (creating indexes when it is built, the sweeper's `delete` of expired
 * sessions) is counted apart and left out of the per-operation figures.
 */
import type { CommandStartedEvent, Document, MongoClient } from "mongodb"

/** Commands seen, by command name. */
export type CommandCounts = Readonly<Record<string, number>>

const oneOffCommands = new Set(["createIndexes", "listIndexes"])

/** The sweeper's command: a `delete` whose only filter field is `expiresAt`. */
const isSweep = (event: CommandStartedEvent): boolean => {
  if (event.commandName !== "delete") return false
  const deletes: unknown = event.command["deletes"]
  const first: unknown = Array.isArray(deletes) ? deletes[0] : undefined
  const filter: unknown = typeof first === "object" && first !== null ? (first as Document)["q"] : undefined
  return typeof filter === "object" && filter !== null && Object.keys(filter).join() === "expiresAt"
}

/** Counts the commands one client starts. */
export class CommandCounter {
  readonly #counts = new Map<string, number>()
  #oneOff = 0
  #capture: ((event: CommandStartedEvent) => void) | undefined

  constructor(client: MongoClient) {
    client.on("commandStarted", (event) => {
      const sweep = isSweep(event)
      // Captured before the one-off filter: an index command sent by an operation is a difference.
      // Only the sweeper is left out, as it runs in a fiber of its own and may overlap a capture.
      if (!sweep) this.#capture?.(event)
      if (sweep || oneOffCommands.has(event.commandName)) {
        this.#oneOff += 1
        return
      }
      this.#counts.set(event.commandName, (this.#counts.get(event.commandName) ?? 0) + 1)
    })
  }

  /** Commands counted so far (one-off ones excluded). */
  snapshot(): CommandCounts {
    return Object.fromEntries(this.#counts)
  }

  /** One-off commands seen so far (index creation, sweeps). */
  get oneOff(): number {
    return this.#oneOff
  }

  /** Runs `body` and returns the commands it started, whole, in order. */
  async capture(body: () => Promise<unknown>): Promise<Array<CommandStartedEvent>> {
    const events: Array<CommandStartedEvent> = []
    this.#capture = (event) => events.push(event)
    try {
      await body()
    } finally {
      this.#capture = undefined
    }
    return events
  }
}

/** `after - before`, name by name (names with no new command left out). */
export const difference = (after: CommandCounts, before: CommandCounts): CommandCounts =>
  Object.fromEntries(
    Object.entries(after)
      .map(([name, count]) => [name, count - (before[name] ?? 0)] as const)
      .filter(([, count]) => count > 0)
  )

/** The total of a count. */
export const totalOf = (counts: CommandCounts): number => Object.values(counts).reduce((sum, n) => sum + n, 0)
