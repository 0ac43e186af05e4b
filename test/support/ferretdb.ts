/**
 * FerretDB 1.24.2 with its SQLite backend as a throwaway test server:
 * finds (or builds with Go) the binary, runs it on a free loopback port and
 * can kill and restart it on the same port with the same data.
 */
import { execFile } from "node:child_process"
import { rmSync } from "node:fs"
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import type { MongoBackend } from "./backend.js"
import { describeBackend, isExecutable, onPath } from "./serverInfo.js"
import { launchOnFreePort, serverProcess } from "./serverProcess.js"

const run = promisify(execFile)

/** The FerretDB release these tests run against. */
export const FERRETDB_VERSION = "v1.24.2"
const MODULE = "github.com/FerretDB/FerretDB"
const projectRoot = fileURLToPath(new URL("../../", import.meta.url))
/** Where a binary built by {@link findFerretdb} is kept between runs. */
export const ferretdbCachePath = join(projectRoot, "node_modules", ".cache", "ferretdb", FERRETDB_VERSION, "ferretdb")

/** The version line of `ferretdb --version`, or undefined when it does not run. */
const binaryVersion = async (file: string): Promise<string | undefined> => {
  try {
    const { stdout } = await run(file, ["--version"], { timeout: 10_000 })
    return /^version:\s*(\S+)/m.exec(stdout)?.[1]
  } catch {
    return undefined
  }
}

const fitsRelease = (version: string | undefined): boolean => version?.startsWith("v1.24.") === true

/**
 * Finds a FerretDB binary: `FERRETDB_BIN`, else `ferretdb` on PATH when it is v1.24.x,
 * else the cached build, else builds one with `go`. Rejects with the reasons when none works.
 */
export const findFerretdb = async (): Promise<string> => {
  const explicit = process.env["FERRETDB_BIN"]
  if (explicit !== undefined && explicit !== "") {
    if (!await isExecutable(explicit)) throw new Error(`FERRETDB_BIN=${explicit} is not an executable file`)
    return explicit
  }
  const reasons: Array<string> = []
  const global = await onPath("ferretdb")
  if (global !== undefined) {
    const version = await binaryVersion(global)
    if (fitsRelease(version)) return global
    reasons.push(`${global} reports ${version ?? "no version"}, not v1.24.x`)
  }
  if (fitsRelease(await binaryVersion(ferretdbCachePath))) return ferretdbCachePath
  const go = await onPath("go")
  if (go === undefined) {
    throw new Error(
      [...reasons, "no FERRETDB_BIN, no ferretdb v1.24.x on PATH, no cached build and no `go` to build one"].join("; ")
    )
  }
  await buildFerretdb(go)
  return ferretdbCachePath
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/** Runs `body` holding a lock file; waits while another live builder holds it (stale after 15 minutes). */
const withBuildLock = async <A>(body: () => Promise<A>): Promise<A> => {
  const lock = `${ferretdbCachePath}.lock`
  await mkdir(dirname(lock), { recursive: true })
  for (let waited = 0;; waited += 1) {
    try {
      await writeFile(lock, String(process.pid), { flag: "wx" })
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
      const holder = Number(await readFile(lock, "utf8").catch(() => "0"))
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0)
      if ((holder > 0 && !isAlive(holder)) || age > 15 * 60_000) await rm(lock, { force: true })
      else if (waited % 100 === 0) console.error(`Waiting for process ${holder} building FerretDB (lock ${lock})`)
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
  }
  try {
    return await body()
  } finally {
    await rm(lock, { force: true })
  }
}

/**
 * Builds FerretDB from the Go module proxy's source. `go install ...@v1.24.2` gives a binary that
 * panics at start (the module zip has no build/version/version.txt), so this copies the module,
 * writes that file and runs `go build` in the copy. The binary appears atomically (rename).
 */
const buildFerretdb = (go: string): Promise<void> =>
  withBuildLock(async () => {
    if (fitsRelease(await binaryVersion(ferretdbCachePath))) return // another run built it meanwhile
    const started = Date.now()
    console.error(
      `Building FerretDB ${FERRETDB_VERSION} with ${go} into ${ferretdbCachePath} (once; about a minute or more)`
    )
    const work = await mkdtemp(join(tmpdir(), "ferretdb-build-"))
    try {
      const { stdout } = await run(go, ["mod", "download", "-json", `${MODULE}@${FERRETDB_VERSION}`], {
        cwd: work,
        maxBuffer: 1 << 24
      })
      const moduleDir: unknown = JSON.parse(stdout).Dir
      if (typeof moduleDir !== "string") throw new Error(`go mod download gave no Dir: ${stdout}`)
      const source = join(work, "src")
      await cp(moduleDir, source, { recursive: true })
      await chmod(source, 0o755)
      for (const entry of await readdir(source, { recursive: true, withFileTypes: true })) {
        if (entry.isDirectory()) await chmod(join(entry.parentPath, entry.name), 0o755)
      }
      await writeFile(join(source, "build", "version", "version.txt"), `${FERRETDB_VERSION}\n`)
      const output = `${ferretdbCachePath}.tmp-${process.pid}`
      try {
        await run(go, ["build", "-trimpath", "-o", output, "./cmd/ferretdb"], {
          cwd: source,
          maxBuffer: 1 << 24,
          timeout: 20 * 60_000
        })
        await rename(output, ferretdbCachePath)
      } finally {
        await rm(output, { force: true })
      }
      console.error(`Built FerretDB ${FERRETDB_VERSION} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    } catch (error) {
      const detail = (error as { stderr?: unknown }).stderr
      throw new Error(`building FerretDB ${FERRETDB_VERSION} with go failed: ${String(detail ?? error)}`)
    } finally {
      await rm(work, { recursive: true, force: true })
    }
  })

/** Starts FerretDB (SQLite backend) on a free 127.0.0.1 port in a fresh temp dir. */
export const startFerretdb = async (binary: string): Promise<MongoBackend> => {
  const dir = await mkdtemp(join(tmpdir(), "ferretdb-test-"))
  await mkdir(join(dir, "data"))
  const server = serverProcess("ferretdb", binary, (port) => [
    "--handler=sqlite",
    // FerretDB's default busy timeout (10 s) is short for the test run's bursts of
    // concurrent writes, which SQLite serializes: a writer waiting longer got SQLITE_BUSY.
    `--sqlite-url=file:${dir}/data/?_pragma=busy_timeout(60000)`,
    `--state-dir=${dir}/state`,
    `--listen-addr=127.0.0.1:${port}`,
    "--debug-addr=-",
    "--telemetry=disable",
    "--log-level=warn"
  ], 30_000)
  const exitHook = () => {
    server.killNow()
    rmSync(dir, { recursive: true, force: true })
  }
  process.once("exit", exitHook)

  const cleanUp = async (signal: NodeJS.Signals) => {
    await server.halt(signal)
    process.removeListener("exit", exitHook)
    await rm(dir, { recursive: true, force: true })
  }

  const { info, port } = await launchOnFreePort(server).catch(async (error: unknown) => {
    await cleanUp("SIGKILL")
    throw error
  })
  const uri = `mongodb://127.0.0.1:${port}/`
  return {
    name: "ferretdb",
    uri,
    version: info.ferretdbVersion ?? FERRETDB_VERSION,
    atomicWrites: false,
    description: describeBackend("ferretdb", info, uri),
    kill: () => server.halt("SIGKILL"),
    restart: async () => {
      await server.halt("SIGKILL")
      await server.launch(port)
    },
    stop: () => cleanUp("SIGTERM")
  }
}
