// The service under test, alone in its own process: the real wiring (`startService` with a config from
// `loadConfig`), plus a bare Express route behind the same middleware stack, for the baseline. The bench talks
// to it over HTTP and asks it for its memory over IPC. Usage: node --import tsx service-child.ts '<json options>'
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import cors from 'cors'
import express, { type RequestHandler } from 'express'
import helmet from 'helmet'
import { loadConfig } from '../../server/config.js'
import { createLogger, type Logger } from '../../server/log.js'
import { startService } from '../../server/service.js'
import { BARE_PREFIX, type ServiceChildOptions, type ServiceChildRequest } from './service.js'

const options = JSON.parse(process.argv[2] ?? '{}') as ServiceChildOptions
const config = loadConfig({
  PORT: '0',
  HOST_JWT_SECRET: options.hostSecret,
  DATABASE_URL: options.databaseUrl,
  DEMO: 'off',
  LOG_LEVEL: options.logLevel,
  STATUS_INTERVAL_MS: String(options.statusIntervalMs),
})
const log = createLogger({ level: config.logLevel, secrets: [config.bbb.secret, options.hostSecret], destination: process.stderr })
const service = await startService(config, { log, host: '127.0.0.1' })

// Copies of the app's own stack in front of its API routes (server/http/app.ts): request log, helmet with the
// same policy, CORS, the JSON-only check and the JSON parser. Then a route that does nothing.
const bare = express()
bare.disable('x-powered-by')
bare.set('trust proxy', 'loopback')
bare.set('query parser', 'simple')
bare.use(requestLog(log))
bare.use(
  helmet({
    contentSecurityPolicy: {
      directives: { 'frame-ancestors': ["'self'", ...config.allowedOrigins], 'connect-src': ["'self'", ...config.allowedOrigins] },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  }),
)
bare.use(
  cors({
    origin: config.allowedOrigins.length > 0 ? [...config.allowedOrigins] : false,
    allowedHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID', 'Accept-Language'],
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    maxAge: 600,
  }),
)
bare.use((req, _res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined
  next(hasBody && !req.is('application/json') ? new Error('unsupported media type') : undefined)
})
bare.use(express.json({ limit: '32kb', strict: true }))
const FIXED = {
  joinUrl: 'https://bbb.example.org/bigbluebutton/api/join?fullName=Ada&meetingID=m&role=VIEWER&checksum=0000',
  role: 'VIEWER',
}
bare.post(`${BARE_PREFIX}/rooms/:roomId/join`, (_req, res) => void res.json(FIXED))

// Same HTTP server, same listener: requests under the bare prefix go to the bare app, the rest to the service.
const [app] = service.server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>
service.server.removeAllListeners('request')
service.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
  if (req.url?.startsWith(BARE_PREFIX)) bare(req, res)
  else app!(req, res)
})

let peakRss = process.memoryUsage().rss
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
}, 50)

process.on('message', (message: ServiceChildRequest) => {
  void (async () => {
    let result: unknown
    switch (message.cmd) {
      case 'memory':
        peakRss = Math.max(peakRss, process.memoryUsage().rss)
        result = { rss: process.memoryUsage().rss, peakRss }
        break
      case 'reset-peak':
        peakRss = process.memoryUsage().rss
        result = { peakRss }
        break
      case 'webhooks':
        result = { active: service.live.webhooksActive() }
        break
      case 'close':
        clearInterval(sampler)
        await service.close()
        result = { closed: true }
        break
    }
    process.send!({ id: message.id, result }, () => {
      if (message.cmd === 'close') process.exit(0)
    })
  })()
})

process.send!({ type: 'ready', url: service.url, bbbUrl: service.bbbEndpoint, bbbSecret: config.bbb.secret })

function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint()
    const reqId = typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].length <= 64
      ? req.headers['x-request-id']
      : randomUUID()
    res.locals.reqId = reqId
    res.setHeader('X-Request-Id', reqId)
    res.on('finish', () => {
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6
      logger.info({ reqId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(elapsed * 10) / 10 }, 'request')
    })
    next()
  }
}
