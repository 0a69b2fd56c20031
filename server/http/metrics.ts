import { timingSafeEqual } from 'node:crypto'
import type { Clock } from '../clock.js'
import { isIP } from 'node:net'
import { Router, type Request, type RequestHandler } from 'express'
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { BbbCallEvent, CircuitState } from '../bbb/index.js'
import { AppError } from '../errors.js'
import type { Store } from '../store/types.js'

/** The service's Prometheus metrics: one registry per service instance (tests run several per process). */
export interface Metrics {
  readonly registry: Registry
  /** Counts and times every HTTP request (by route pattern, never the raw path) and refusals by error code. */
  readonly http: RequestHandler
  /** For `createResilientBbbClient({ onCall })`. */
  bbbCall(event: BbbCallEvent): void
  /** For `createResilientBbbClient({ onCircuit })`. */
  bbbCircuit(state: CircuitState): void
  /** `GET /metrics` (Prometheus text format), guarded as {@link createMetrics} says. */
  readonly router: Router
}

export interface MetricsDeps {
  store: Store
  clock: Clock
  /** Open SSE streams now. */
  sseClients?: () => number
  /**
   * Bearer token for `GET /metrics`. Null: only loopback and private addresses (RFC 1918, ULA, link-local)
   * may read it, judged on the client address after the trusted proxy.
   */
  token: string | null
}

const PREFIX = 'bbb_spaces_'

/**
 * Creates the metrics: `bbb_spaces_http_requests_total{method,route,status}`,
 * `bbb_spaces_http_request_duration_seconds`, `bbb_spaces_bbb_calls_total{call,outcome}`,
 * `bbb_spaces_bbb_call_duration_seconds{call,outcome}`, `bbb_spaces_bbb_circuit_open`,
 * `bbb_spaces_running_meetings`, `bbb_spaces_participants{kind}` (total/internal/external, from the seat ledger),
 * `bbb_spaces_licence_cap{kind}` (participants total/internal/external and meetings; absent when unlimited),
 * `bbb_spaces_refusals_total{code}`, `bbb_spaces_sse_clients`.
 *
 * `GET /metrics` answers `403 forbidden` unless the request bears `Authorization: Bearer <token>` (when a token
 * is configured) or comes from a loopback/private address (when none is).
 */
export function createMetrics(deps: MetricsDeps): Metrics {
  const registry = new Registry()
  const requests = new Counter({
    name: `${PREFIX}http_requests_total`,
    help: 'HTTP requests answered, by route pattern, method and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  })
  const latency = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'HTTP request duration until the answer was sent.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })
  const refusals = new Counter({
    name: `${PREFIX}refusals_total`,
    help: 'Error answers by stable error code (room_full, licence_full, bbb_unavailable, rate_limited…).',
    labelNames: ['code'] as const,
    registers: [registry],
  })
  const bbbCalls = new Counter({
    name: `${PREFIX}bbb_calls_total`,
    help: 'BigBlueButton API call attempts by call and outcome (ok, failed, unavailable, circuit_open).',
    labelNames: ['call', 'outcome'] as const,
    registers: [registry],
  })
  const bbbLatency = new Histogram({
    name: `${PREFIX}bbb_call_duration_seconds`,
    help: 'BigBlueButton API call attempt duration.',
    labelNames: ['call', 'outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })
  const circuit = new Gauge({
    name: `${PREFIX}bbb_circuit_open`,
    help: '1 while the BBB circuit breaker is open (BBB calls refused without trying), 0.5 half-open, else 0.',
    registers: [registry],
  })
  circuit.set(0)
  const store = deps.store
  new Gauge({
    name: `${PREFIX}sse_clients`,
    help: 'Open server-sent event streams on this instance.',
    registers: [registry],
    collect() {
      this.set(deps.sseClients?.() ?? 0)
    },
  })
  const participants = new Gauge({
    name: `${PREFIX}participants`,
    help: 'Participants seated in running meetings (seat ledger, all instances), by kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  })
  const meetings = new Gauge({
    name: `${PREFIX}running_meetings`,
    help: 'Meetings running (seat ledger, all instances).',
    registers: [registry],
  })
  const caps = new Gauge({
    name: `${PREFIX}licence_cap`,
    help: 'The licence caps in force (absent when unlimited): participants total/internal/external, meetings.',
    labelNames: ['kind'] as const,
    registers: [registry],
  })

  async function collectUsage(): Promise<void> {
    try {
      const [usage, limits] = await Promise.all([store.usage(deps.clock.now()), store.getGlobalLimits()])
      meetings.set(usage.runningMeetings)
      participants.set({ kind: 'total' }, usage.total)
      participants.set({ kind: 'internal' }, usage.internal)
      participants.set({ kind: 'external' }, usage.external)
      caps.reset()
      const l = limits.licence
      const pairs: Array<[string, number | null]> = [
        ['participants', l.maxParticipants],
        ['internal', l.maxInternal],
        ['external', l.maxExternal],
        ['meetings', l.maxMeetings],
      ]
      for (const [kind, cap] of pairs) if (cap !== null) caps.set({ kind }, cap)
    } catch {
      // A scrape while the database is away shows the last values rather than failing.
    }
  }

  const http: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint()
    const json = res.json.bind(res)
    res.json = (body: unknown) => {
      const code = (body as { error?: { code?: unknown } } | null)?.error?.code
      if (res.statusCode >= 400 && typeof code === 'string') refusals.inc({ code })
      return json(body)
    }
    res.on('finish', () => {
      const route = routeOf(req, res.statusCode)
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      requests.inc({ method: req.method, route, status: String(res.statusCode) })
      latency.observe({ method: req.method, route }, seconds)
    })
    next()
  }

  const router = Router({ caseSensitive: true })
  router.get('/metrics', async (req, res) => {
    if (!allowed(req, deps.token)) {
      throw new AppError('forbidden', 'Metrics are readable from private addresses or with the metrics token only.')
    }
    await collectUsage()
    res.setHeader('Content-Type', registry.contentType)
    res.setHeader('Cache-Control', 'no-store')
    res.send(await registry.metrics())
  })

  return {
    registry,
    http,
    router,
    bbbCall(event) {
      bbbCalls.inc({ call: event.call, outcome: event.outcome })
      if (event.outcome !== 'circuit_open') bbbLatency.observe({ call: event.call, outcome: event.outcome }, event.ms / 1000)
    },
    bbbCircuit(state) {
      circuit.set(state === 'open' ? 1 : state === 'half_open' ? 0.5 : 0)
    },
  }
}

/**
 * The matched route pattern (`/api/v1/rooms/:roomId`), so labels never carry ids. The router's base is gone by
 * the time the answer is sent, so it is what the original path has before the pattern's segments. Answers
 * from mounted apps without routes (static files, the dev BBB) are labelled by their first segment
 * (`/widget/*`); anything unmatched is `unmatched`.
 */
function routeOf(req: Request, status: number): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path
  const path = req.originalUrl.split('?')[0] ?? ''
  if (typeof pattern === 'string') {
    const depth = pattern.split('/').filter(Boolean).length
    const segments = path.split('/').filter(Boolean)
    const base = segments.slice(0, Math.max(0, segments.length - depth)).join('/')
    return `${base ? `/${base}` : ''}${pattern}`
  }
  const first = /^\/(widget|bigbluebutton|r\/assets|demo)\//.exec(path)?.[1]
  return first && status < 400 ? `/${first}/*` : 'unmatched'
}

function allowed(req: Request, token: string | null): boolean {
  if (token !== null) {
    const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? ''
    const a = Buffer.from(given)
    const b = Buffer.from(token)
    return a.length === b.length && timingSafeEqual(a, b)
  }
  return isPrivateAddress(req.ip ?? '')
}

/** Loopback, RFC 1918, carrier-grade NAT, IPv6 unique-local and link-local addresses (also IPv4-mapped). */
export function isPrivateAddress(address: string): boolean {
  const a = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address
  if (isIP(a) === 4) {
    const [p, q] = a.split('.').map(Number) as [number, number]
    return p === 127 || p === 10 || (p === 172 && q >= 16 && q <= 31) || (p === 192 && q === 168) ||
      (p === 169 && q === 254) || (p === 100 && q >= 64 && q <= 127)
  }
  if (isIP(a) === 6) {
    const lower = a.toLowerCase()
    return lower === '::1' || /^f[cd][0-9a-f]{2}:/.test(lower) || /^fe[89ab][0-9a-f]:/.test(lower)
  }
  return false
}
