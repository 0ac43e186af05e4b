/**
 * A TCP proxy in front of the run's test server, so that a test can break the network
 * deterministically without owning the server: reset every connection (RST), or take the
 * "server" away (port closed, connections closed) and bring it back on the same port.
 */
import { connect, createServer, type Server, type Socket } from "node:net"

export interface TcpProxy {
  /** The run's connection string, pointing at the proxy (a direct connection). */
  readonly uri: string
  /** Resets every open connection (TCP RST), as a crashed peer or a middlebox would. */
  readonly reset: () => void
  /** Stops listening and closes every connection: nothing answers on the port. */
  readonly down: () => Promise<void>
  /** Listens again on the same port. */
  readonly up: () => Promise<void>
  /** Closes everything for good. */
  readonly close: () => Promise<void>
}

/** The single `host:port` of a `mongodb://` URL, with the rest of it; undefined for other URLs. */
export const parseTarget = (uri: string) => {
  const match = /^mongodb:\/\/([^@/]*@)?([^/?,]+)\/?([^?]*)\??(.*)$/.exec(uri)
  if (match === null) return undefined
  const [, userInfo = "", hostPort = "", path = "", query = ""] = match
  const separator = hostPort.lastIndexOf(":")
  const host = (separator === -1 ? hostPort : hostPort.slice(0, separator)).replace(/^\[|\]$/g, "")
  const port = separator === -1 ? 27017 : Number(hostPort.slice(separator + 1))
  return { userInfo, host, port, path, query }
}

export const startProxy = async (targetUri: string): Promise<TcpProxy> => {
  const target = parseTarget(targetUri)
  if (target === undefined) throw new Error("the proxy needs a mongodb:// URL with one host")
  const sockets = new Set<Socket>()
  let server: Server | undefined
  let port = 0

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer((client) => {
        const upstream = connect(target.port, target.host)
        sockets.add(client)
        client.on("error", () => undefined)
        upstream.on("error", () => undefined)
        client.on("close", () => {
          sockets.delete(client)
          upstream.destroy()
        })
        upstream.on("close", () => client.destroy())
        client.pipe(upstream)
        upstream.pipe(client)
      })
      next.once("error", reject)
      next.listen(port, "127.0.0.1", () => {
        const address = next.address()
        if (address !== null && typeof address === "object") port = address.port
        server = next
        resolve()
      })
    })

  const stopListening = () =>
    new Promise<void>((resolve) => {
      const current = server
      server = undefined
      if (current === undefined) return resolve()
      current.close(() => resolve())
    })

  await listen()
  const query = [target.query, "directConnection=true"].filter((option) => option !== "").join("&")
  return {
    uri: `mongodb://${target.userInfo}127.0.0.1:${port}/${target.path}?${query}`,
    reset: () => {
      for (const socket of sockets) socket.resetAndDestroy()
    },
    down: async () => {
      const closed = stopListening()
      for (const socket of sockets) socket.destroy()
      await closed
    },
    up: listen,
    close: async () => {
      const closed = stopListening()
      for (const socket of sockets) socket.destroy()
      await closed
    }
  }
}
