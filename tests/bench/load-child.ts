// The load generator, in a second process so it never shares the service's event loop: autocannon runs, a
// burst of joins, and a crowd of SSE clients. It gets a job as JSON in argv and answers over IPC.
import { request as httpRequest, Agent } from 'node:http'
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { mintHostToken } from '../../server/auth/host-jwt.js'
import { planRush, runRush, rushClaims, tallyRush } from '../helpers/rush.js'
import type { LoadJob, RushResult, SseRoom } from './load.js'
import { BARE_PREFIX } from './service.js'

const job = JSON.parse(process.argv[2] ?? '{}') as LoadJob

async function mint(secret: string, subs: string[], spaceId: string): Promise<string[]> {
  const key = new TextEncoder().encode(secret)
  const out: string[] = []
  for (const sub of subs) out.push(await mintHostToken(key, { sub, name: `Bench ${sub}`, spaces: { [spaceId]: 'member' } }, { expiresIn: '2h' }))
  return out
}

async function cannon(j: Extract<LoadJob, { mode: 'cannon' }>) {
  const tokens = await mint(j.secret, Array.from({ length: j.users }, (_, i) => `${j.prefix}-${i}`), j.spaceId)
  let next = 0
  const result = await autocannon({
    url: j.url,
    connections: j.connections,
    duration: j.durationS,
    requests: [
      {
        method: 'POST',
        path: j.path,
        setupRequest(req) {
          const token = tokens[next++ % tokens.length]!
          return { ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } }
        },
      },
    ],
  })
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    usersCycled: next > tokens.length,
  }
}

/** One POST; resolves with its status (0 on a network error). */
function post(agent: Agent, target: URL, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: target.hostname, port: target.port, path, method: 'POST', agent, headers }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', () => resolve(0))
    req.end()
  })
}

/**
 * Every request sent at once over `sockets` keep-alive connections opened beforehand (opening 1,000 at once would
 * overflow the listen backlog and time TCP retransmits instead of the service).
 */
async function burst(j: Extract<LoadJob, { mode: 'burst' }>) {
  const tokens = await mint(j.secret, Array.from({ length: j.count }, (_, i) => `${j.prefix}-${i}`), j.spaceId)
  const agent = new Agent({ keepAlive: true, maxSockets: j.sockets })
  const target = new URL(j.url)
  await Promise.all(Array.from({ length: j.sockets }, () => post(agent, target, j.warmPath, {})))
  const statuses: Record<string, number> = {}
  const started = performance.now()
  await Promise.all(
    tokens.map(async (token) => {
      const status = await post(agent, target, j.path, { authorization: `Bearer ${token}` })
      statuses[status] = (statuses[status] ?? 0) + 1
    }),
  )
  const ms = performance.now() - started
  agent.destroy()
  return { ms, statuses }
}

interface Client {
  room: number
  seen: number
  socket: { destroy(): void } | null
}

/**
 * Opens `clientsPerRoom` SSE streams per room, waits until each has its first status, tells the parent, then
 * (on `go`) adds one attendee at a time in the dev BBB, round-robin over the rooms, and records for every client
 * of that room how long the change took to reach it.
 */
async function sse(j: Extract<LoadJob, { mode: 'sse' }>) {
  const rooms: SseRoom[] = j.rooms
  const subs = rooms.flatMap((_, r) => Array.from({ length: j.clientsPerRoom }, (_, c) => `${j.prefix}-${r}-${c}`))
  const tokens = await mint(j.secret, subs, j.spaceId)
  const target = new URL(j.url)
  // The change each room is waiting for: marker text and when it was made.
  const marks = rooms.map(() => ({ seq: 0, text: '', at: 0 }))
  const latencies: number[] = []
  let connected = 0
  let dropped = 0
  const clients: Client[] = []
  const allConnected = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${connected} of ${tokens.length} SSE clients connected`)), 120_000)
    tokens.forEach((token, i) => {
      const client: Client = { room: Math.floor(i / j.clientsPerRoom), seen: 0, socket: null }
      clients.push(client)
      // Spread the connects (2 ms apart) so they do not overflow the listen backlog.
      setTimeout(() => connect(token, client), i * 2)
    })
    function connect(token: string, client: Client) {
      let first = true
      let tail = ''
      const req = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          path: `/api/v1/rooms/${rooms[client.room]!.roomId}/events`,
          agent: false,
          headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        },
        (res) => {
          if (res.statusCode !== 200) {
            reject(new Error(`SSE answered HTTP ${res.statusCode}`))
            return
          }
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => {
            const now = performance.now()
            if (first && chunk.includes('event: status')) {
              first = false
              if (++connected === tokens.length) {
                clearTimeout(timer)
                resolve()
              }
            }
            const mark = marks[client.room]!
            const text = tail + chunk
            if (mark.seq > client.seen && text.includes(mark.text)) {
              client.seen = mark.seq
              latencies.push(now - mark.at)
            }
            tail = chunk.slice(-64)
          })
          res.on('close', () => dropped++)
        },
      )
      req.on('error', () => dropped++)
      req.on('socket', (s) => (client.socket = s))
      req.end()
    }
  })
  await allConnected
  process.send!({ type: 'connected', clients: connected })
  await new Promise<void>((resolve) => process.once('message', () => resolve()))

  const started = performance.now()
  let changes = 0
  let refused = 0
  while (performance.now() - started < j.durationS * 1000) {
    const r = changes % rooms.length
    const mark = marks[r]!
    const seq = mark.seq + 1
    const text = `bench-mark-${r}-${seq}`
    const at = performance.now()
    const res = await fetch(`${j.bbbUrl}dev/meetings/${encodeURIComponent(rooms[r]!.meetingId)}/attendees`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fullName: text }),
    })
    await res.arrayBuffer()
    if (res.status === 201) Object.assign(mark, { seq, text, at })
    else refused++
    changes++
    const wait = started + changes * j.changeEveryMs - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
  }
  // Let the last change arrive before counting.
  await new Promise((resolve) => setTimeout(resolve, 2000))
  const elapsedS = (performance.now() - started) / 1000
  const expected = changes * j.clientsPerRoom
  const droppedBeforeEnd = dropped
  for (const c of clients) c.socket?.destroy()
  return { latencies, changes, refused, expected, delivered: latencies.length, droppedBeforeEnd, elapsedS }
}

/** The planned clicks at their planned times; the bare variant posts the same clicks to the baseline route. */
async function rush(j: Extract<LoadJob, { mode: 'rush' }>): Promise<RushResult> {
  const { people, clicks } = planRush(j.shape)
  const key = new TextEncoder().encode(j.secret)
  const tokens = new Map<string, string>()
  for (const person of people) tokens.set(person.sub, await mintHostToken(key, rushClaims(person), { expiresIn: '2h' }))
  const run = await runRush(clicks, {
    urls: j.urls,
    path: (room) => (j.bare ? `${BARE_PREFIX}/rooms/${j.roomIds[room]}/join` : `/api/v1/rooms/${j.roomIds[room]}/join`),
    token: (sub) => tokens.get(sub)!,
    retryMs: 1000,
    maxRetries: 120,
    paced: true,
  })
  return {
    settleMs: run.settleMs,
    latencies: run.answers.map((a) => a.lastRequestMs),
    clicks: run.answers.length,
    retries: run.answers.reduce((n, a) => n + a.retries, 0),
    ...tallyRush(run.answers),
  }
}

const run = { cannon, burst, sse, rush }[job.mode] as (j: LoadJob) => Promise<unknown>
try {
  const result = await run(job)
  process.send!({ type: 'result', result }, () => process.exit(0))
} catch (err) {
  process.send!({ type: 'error', message: err instanceof Error ? err.message : String(err) }, () => process.exit(1))
}
