/**
 * Runs a TypeScript file in a child Node process (through tsx) and collects what it
 * printed, its exit code, and when a given line appeared.
 */
import { spawn } from "node:child_process"

export interface ScriptResult {
  readonly code: number | null
  readonly output: string
  /** Milliseconds from the first output containing `marker` to the exit; -1 when it never appeared. */
  readonly afterMarkerMs: number
}

export const runScript = (
  file: string,
  options: {
    readonly args?: ReadonlyArray<string>
    readonly env?: Readonly<Record<string, string>>
    readonly marker?: string
    readonly killAfterMs?: number
  } = {}
): Promise<ScriptResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", file, ...(options.args ?? [])], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...options.env }
    })
    let output = ""
    let markedAt: number | undefined
    const killer = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 30_000)
    const collect = (chunk: Buffer) => {
      output += chunk.toString()
      if (markedAt === undefined && options.marker !== undefined && output.includes(options.marker)) {
        markedAt = Date.now()
      }
    }
    child.stdout.on("data", collect)
    child.stderr.on("data", collect)
    child.on("error", reject)
    child.on("exit", (code) => {
      clearTimeout(killer)
      resolve({ code, output, afterMarkerMs: markedAt === undefined ? -1 : Date.now() - markedAt })
    })
  })
