import net from 'node:net'

/**
 * A TCP proxy in front of PostgreSQL that can swallow answers: once armed with a pattern, the first connection that
 * sends a statement matching it gets nothing back from then on, as when the network drops the answer of a statement
 * that ran. The driver gives up on it after its query timeout, and drops the connection.
 */
export async function startLossyProxy(target: { host: string; port: number }) {
  let pattern: RegExp | null = null
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host)
    let swallowing = false
    sockets.add(client).add(upstream)
    client.on('data', (chunk) => {
      if (pattern && !swallowing && pattern.test(chunk.toString('utf8'))) {
        swallowing = true
        pattern = null
      }
      upstream.write(chunk)
    })
    upstream.on('data', (chunk) => {
      if (!swallowing) client.write(chunk)
    })
    const closeBoth = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    for (const socket of [client, upstream]) {
      socket.on('close', closeBoth)
      socket.on('error', closeBoth)
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
    server.listen(0, '127.0.0.1')
  })
  return {
    port: (server.address() as net.AddressInfo).port,
    /** Arms (or, with null, disarms) the swallowing of the answers to the next statement matching `statement`. */
    swallowAnswersTo(statement: RegExp | null) {
      pattern = statement
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
