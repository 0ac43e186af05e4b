/**
 * A test server run as a child process of the test run: started on a port, waited for
 * until it answers a ping, stopped with a signal, and started again on demand.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { freePort, type ServerInfo, waitForServer } from "./serverInfo.js"

/** One server program, run at most once at a time. */
export interface ServerProcess {
  /** Starts the program on `port` and waits until it answers a ping (rejects with its output if it exits). */
  readonly launch: (port: number) => Promise<ServerInfo>
  /** Sends `signal` to the running program, SIGKILL after 5 s, and waits for it to exit. */
  readonly halt: (signal: NodeJS.Signals) => Promise<void>
  /** Sends SIGKILL at once without waiting: for `process.on("exit")`, where nothing can wait. */
  readonly killNow: () => void
}

/** Runs `command` with `argsFor(port)` as a {@link ServerProcess}; `name` is for messages. */
export const serverProcess = (
  name: string,
  command: string,
  argsFor: (port: number) => ReadonlyArray<string>,
  startTimeoutMs: number
): ServerProcess => {
  let child: ChildProcess | undefined
  let exited: string | undefined
  let log = ""

  const launch = (port: number): Promise<ServerInfo> => {
    exited = undefined
    log = ""
    const proc = spawn(command, argsFor(port), { stdio: ["ignore", "pipe", "pipe"] })
    const keep = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4_000)
    }
    proc.stdout.on("data", keep)
    proc.stderr.on("data", keep)
    proc.once("error", (error) => {
      if (child === proc) exited = `could not start ${command}: ${error.message}`
    })
    proc.once("exit", (code, signal) => {
      if (child === proc) exited = `${name} exited (${signal ?? `code ${code}`})`
    })
    child = proc
    return waitForServer(
      port,
      startTimeoutMs,
      () => exited === undefined ? undefined : `${exited}; its output:\n${log}`
    )
  }

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child
    if (proc === undefined || exited !== undefined) return
    const gone = new Promise<void>((resolve) => proc.once("exit", () => resolve()))
    proc.kill(signal)
    const timer = setTimeout(() => proc.kill("SIGKILL"), 5_000)
    await gone
    clearTimeout(timer)
  }

  return { launch, halt, killNow: () => child?.kill("SIGKILL") }
}

/**
 * Launches `server` on a free port, and on another one once more if that fails (the port
 * may have been taken meanwhile). On a second failure it kills the program and rejects.
 */
export const launchOnFreePort = async (server: ServerProcess): Promise<{ port: number; info: ServerInfo }> => {
  const port = await freePort()
  try {
    return { port, info: await server.launch(port) }
  } catch {
    await server.halt("SIGKILL")
  }
  const again = await freePort()
  try {
    return { port: again, info: await server.launch(again) }
  } catch (error) {
    await server.halt("SIGKILL")
    throw error
  }
}
