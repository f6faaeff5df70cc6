import net from 'node:net'
import { WebSocketServer, type RawData } from 'ws'

/**
 * A WebSocket-to-TCP proxy standing in for Neon's endpoint, so the Neon driver reaches a PostgreSQL server on
 * this machine. It forwards only to loopback addresses.
 */
export async function startWsProxy(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  server.on('connection', (socket, request) => {
    const address = new URL(request.url ?? '', 'http://proxy').searchParams.get('address') ?? ''
    const [host, port] = address.split(':')
    if (!['127.0.0.1', 'localhost', '::1'].includes(host ?? '') || !port) {
      socket.close(1008, 'only loopback addresses')
      return
    }
    const tcp = net.connect(Number(port), host === 'localhost' ? '127.0.0.1' : host)
    const pending: RawData[] = []
    let connected = false
    tcp.on('connect', () => {
      connected = true
      for (const chunk of pending) tcp.write(chunk as Buffer)
      pending.length = 0
    })
    socket.on('message', (data) => (connected ? tcp.write(data as Buffer) : pending.push(data)))
    tcp.on('data', (data) => socket.send(data))
    const closeBoth = () => {
      tcp.destroy()
      socket.terminate()
    }
    tcp.on('close', closeBoth)
    tcp.on('error', closeBoth)
    socket.on('close', closeBoth)
    socket.on('error', closeBoth)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const { port } = server.address() as { port: number }
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate()
        server.close(() => resolve())
      }),
  }
}
