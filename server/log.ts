import { AsyncLocalStorage } from 'node:async_hooks'
import { pino, type Logger } from 'pino'
import type { BbbCallEvent } from './bbb/index.js'

export type { Logger }

/** What every log line written while serving a request carries: its id, and the user and room once known. */
export interface LogContext {
  reqId: string
  /** Read at write time: the token check fills `principal` after the context was opened. */
  locals?: { principal?: { sub?: string } }
  path?: string
}

const context = new AsyncLocalStorage<LogContext>()

/** Runs `fn` (an Express `next`) so that every line logged under it carries `reqId`, `user` and `room`. */
export function withLogContext<T>(ctx: LogContext, fn: () => T): T {
  return context.run(ctx, fn)
}

const ROOM_IN_PATH = /^\/(?:api\/v1\/rooms|r)\/([^/]{1,128})/

function contextFields(): Record<string, string> {
  const ctx = context.getStore()
  if (!ctx) return {}
  const fields: Record<string, string> = { reqId: ctx.reqId }
  const user = ctx.locals?.principal?.sub
  if (typeof user === 'string') fields.user = user
  const room = ctx.path ? ROOM_IN_PATH.exec(ctx.path)?.[1] : undefined
  if (room && room !== 'assets') fields.room = room
  return fields
}

/**
 * For `createResilientBbbClient({ onCall })`: one line per BBB call attempt (`bbbCall`, `outcome`, `ms`,
 * `attempt`): info when it worked for a request (it then carries the request's id, user and room), debug when
 * it worked for the background status poll, info when BBB answered FAILED, warn when BBB could not be used.
 */
export function logBbbCall(log: Logger): (event: BbbCallEvent) => void {
  return (event) => {
    const fields = { bbbCall: event.call, outcome: event.outcome, ms: Math.round(event.ms), attempt: event.attempt, detail: event.detail }
    if (event.outcome === 'ok') {
      if (context.getStore()) log.info(fields, 'bbb call')
      else log.debug(fields, 'bbb call')
    }
    else if (event.outcome === 'failed') log.info(fields, 'bbb call failed')
    else log.warn(fields, 'bbb call unavailable')
  }
}

/**
 * The service's structured logger (JSON lines). Secrets never reach it: the BBB secret, host JWT secret, OIDC
 * secret and any checksum are scrubbed from every string the logger writes, whatever field it is in, and the
 * usual secret-bearing fields are redacted by path.
 */
export function createLogger(options: {
  level: string
  secrets?: ReadonlyArray<string | null | undefined>
  destination?: NodeJS.WritableStream
}): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 6)
  return pino(
    {
      level: options.level,
      base: undefined,
      mixin: contextFields,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'headers.authorization',
          '*.secret',
          '*.password',
          '*.token',
          '*.accessCode',
          '*.moderatorAccessCode',
        ],
        censor: '[redacted]',
      },
      hooks: {
        streamWrite(line) {
          return scrubSecrets(line, secrets)
        },
      },
    },
    options.destination ?? process.stdout,
  )
}

const CHECKSUM_PARAM = /([?&](?:amp;)?checksum=)[0-9a-fA-F]{40,128}/g

/** Removes secret values and `checksum=` values from a piece of text. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text.replace(CHECKSUM_PARAM, '$1[redacted]')
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('[redacted]')
  return out
}
