import { ConfigError, loadConfig } from './config.js'
import { createLogger } from './log.js'
import { startService, type RunningService } from './service.js'

// The only module that reads process.env and owns the process: config, wiring, banner, signals.
let config: ReturnType<typeof loadConfig>
try {
  config = loadConfig(process.env)
} catch (err) {
  if (err instanceof ConfigError) {
    for (const problem of err.problems) process.stderr.write(`bbb-spaces: ${problem}\n`)
    process.exit(1)
  }
  throw err
}

const log = createLogger({
  level: config.logLevel,
  secrets: [
    config.bbb.secret,
    process.env.HOST_JWT_SECRET,
    config.oidc?.clientSecret,
    config.metricsToken,
    config.hostWebhook?.secret,
    config.mail.smtpUrl ? decodeURIComponent(new URL(config.mail.smtpUrl).password) || undefined : undefined,
  ],
})

let service: RunningService
try {
  service = await startService(config, { log, host: config.host })
} catch (err) {
  process.stderr.write(`bbb-spaces: cannot start: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
}

config = service.config
const lines = [
  `bbb-spaces listening on ${config.publicUrl} (port ${(service.server.address() as { port: number }).port})`,
  `store: ${service.store.kind} (${config.databaseUrl.startsWith('sqlite:') ? config.databaseUrl : 'postgres'})`,
]
if (service.usesDevBbb) {
  lines.push(
    `BigBlueButton: the built-in DEVELOPMENT server at ${config.publicUrl}/bigbluebutton/ — not for production;`,
    '  set BIGBLUEBUTTON_ENDPOINT and BIGBLUEBUTTON_SECRET to use a real BigBlueButton or Scalelite.',
  )
} else {
  lines.push(`BigBlueButton: ${config.bbb.endpoint}`)
}
if (config.hostJwt.generated) {
  lines.push('host tokens: a random HOST_JWT_SECRET was made for this run (demo only); set HOST_JWT_SECRET for your platform.')
}
if (config.demo) lines.push(`demo platform: open ${config.publicUrl}/ in a browser`)
if (config.mail.mode === 'dev') lines.push(`mail: invitations go to the development mailbox at ${config.publicUrl}/dev/mail; set SMTP_URL to send them.`)
else if (config.mail.mode === 'off') lines.push('mail: off (no SMTP_URL): invitations are not sent.')
if (!service.widgetBuilt) lines.push('widget: not built, /widget/v1/bbb-spaces.js answers 404; run `npm run build:widget` (npm start does).')
process.stdout.write(lines.join('\n') + '\n')

let stopping = false
async function stop(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  log.info({ signal }, 'shutting down')
  const force = setTimeout(() => {
    log.error({ signal }, 'did not stop within 10 s, exiting anyway')
    process.exit(1)
  }, 10_000)
  force.unref()
  await service.close()
  log.info({ signal }, 'stopped cleanly')
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))
