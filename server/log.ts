import { pino, type Logger } from 'pino'

export type { Logger }

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
