// The service under test, alone in its own process: the real wiring (`startService` with a config from
// `loadConfig`), plus a bare route mounted by the app itself behind every shared middleware (request log, metrics,
// helmet, rate limits, CORS, the JSON-only check and parser), for the baseline. The bench talks to it over HTTP
// and asks it for its memory over IPC. Usage: node --import tsx service-child.ts '<json options>'
import { Router } from 'express'
import { loadConfig } from '../../server/config.js'
import { createLogger } from '../../server/log.js'
import { startService } from '../../server/service.js'
import { BARE_PREFIX, type ServiceChildOptions, type ServiceChildRequest } from './service.js'

const options = JSON.parse(process.argv[2] ?? '{}') as ServiceChildOptions
const config = loadConfig({
  PORT: '0',
  HOST_JWT_SECRET: options.hostSecret,
  DATABASE_URL: options.databaseUrl,
  DEMO: 'off',
  // Every load client connects from loopback: the per-address stream cap would stop the fan-out bench.
  STREAMS_PER_ADDRESS: '1000000',
  STREAMS_MAX: '1000000',
  LOG_LEVEL: options.logLevel,
  STATUS_INTERVAL_MS: String(options.statusIntervalMs),
  ...(options.bbb ? { BIGBLUEBUTTON_ENDPOINT: options.bbb.url, BIGBLUEBUTTON_SECRET: options.bbb.secret } : {}),
})
const log = createLogger({ level: config.logLevel, secrets: [config.bbb.secret, options.hostSecret], destination: process.stderr })

const FIXED = {
  joinUrl: 'https://bbb.example.org/bigbluebutton/api/join?fullName=Ada&meetingID=m&role=VIEWER&checksum=0000',
  role: 'VIEWER',
}
const bare = Router()
bare.post(`${BARE_PREFIX.replace('/api/v1', '')}/rooms/:roomId/join`, (_req, res) => void res.json(FIXED))
const service = await startService(config, { log, host: '127.0.0.1', baselineRoutes: bare })

let peakRss = process.memoryUsage().rss
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
}, 50)

/** RSS once it has stopped falling: two readings 100 ms apart without a drop (at most 3 s). */
async function settledRss(): Promise<number> {
  let low = process.memoryUsage().rss
  let steady = 0
  for (let i = 0; i < 30 && steady < 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    const rss = process.memoryUsage().rss
    steady = rss < low - 64 * 1024 ? 0 : steady + 1
    low = Math.min(low, rss)
  }
  return low
}

process.on('message', (message: ServiceChildRequest) => {
  void (async () => {
    let result: unknown
    switch (message.cmd) {
      case 'memory':
        peakRss = Math.max(peakRss, process.memoryUsage().rss)
        result = { rss: process.memoryUsage().rss, peakRss }
        break
      case 'settled-memory': {
        const gc = (globalThis as { gc?: () => void }).gc
        gc?.()
        await new Promise((resolve) => setImmediate(resolve))
        gc?.()
        // V8 gives the pages a collection emptied back to the system from a background thread, a moment after the
        // collection: read too early, RSS still counts them (up to 17 MB here, more or less each run). RSS is read
        // once it no longer falls.
        const usage = process.memoryUsage()
        const rss = await settledRss()
        result = { rss, heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external, arrayBuffers: usage.arrayBuffers }
        break
      }
      case 'reset-peak':
        peakRss = process.memoryUsage().rss
        result = { peakRss }
        break
      case 'webhooks':
        result = { active: service.callbacks.webhooksActive() }
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

