import { parseArgs } from 'node:util'
import { readBbbEnv } from '../config.js'
import { CHECKSUM_ALGORITHMS, isChecksumAlgorithm, type ChecksumAlgorithm } from '../bbb/index.js'
import { createBbbClient, type BbbClient } from '../bbb/index.js'
import { isBbbApiError, isBbbError, isBbbUnavailableError, type BbbUnavailableError } from '../bbb/index.js'
import { RESPONSE_MAPPERS } from '../bbb/index.js'
import type { QueryValue } from '../bbb/index.js'
import type { CliCommand, CliIo } from './command.js'

const OPTIONS = {
  endpoint: { type: 'string' },
  secret: { type: 'string' },
  algorithm: { type: 'string' },
  timeout: { type: 'string' },
} as const

interface Setup {
  client: BbbClient
  endpoint: string
  secret: string
  algorithm: ChecksumAlgorithm
  timeoutMs: number
  positionals: string[]
}

class UsageError extends Error {}

/** Reads options, then the BIGBLUEBUTTON_* environment; throws UsageError with one line when unusable. */
function setup(command: string, args: string[], env: Readonly<Record<string, string | undefined>>): Setup {
  let parsed
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true })
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err))
  }
  const { values, positionals } = parsed
  const fromEnv = readBbbEnv(env)
  const endpoint = values.endpoint ?? fromEnv.endpoint ?? ''
  const secret = values.secret ?? fromEnv.secret ?? undefined
  const algorithm = values.algorithm ?? fromEnv.algorithm ?? 'sha256'
  if (endpoint === '') throw new UsageError(`${command} needs --endpoint or BIGBLUEBUTTON_ENDPOINT`)
  if (secret === undefined || secret === '') throw new UsageError(`${command} needs --secret or BIGBLUEBUTTON_SECRET`)
  if (!isChecksumAlgorithm(algorithm)) {
    throw new UsageError(`unknown checksum algorithm "${algorithm}" (use ${CHECKSUM_ALGORITHMS.join(', ')})`)
  }
  const timeoutMs = values.timeout === undefined ? 10_000 : Number(values.timeout)
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new UsageError('--timeout must be a positive number of ms')
  let client: BbbClient
  try {
    client = createBbbClient({ endpoint, secret, algorithm, timeoutMs })
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err))
  }
  return { client, endpoint, secret, algorithm, timeoutMs, positionals }
}

async function withSetup(
  command: string,
  args: string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
  run: (s: Setup) => Promise<number>,
): Promise<number> {
  let s: Setup
  try {
    s = setup(command, args, env)
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`bbb-spaces ${command}: ${err.message}`)
      return 2
    }
    throw err
  }
  return run(s)
}

/** `sign <call> '<query>'`: prints the signed URL; the query is signed exactly as given. */
export const sign: CliCommand = (args, env, io) =>
  withSetup('sign', args, env, io, async ({ client, positionals }) => {
    const [call, query = '', ...rest] = positionals
    if (call === undefined || call === '' || rest.length > 0) {
      io.stderr("bbb-spaces sign: usage: sign <call> '<query>' [--algorithm sha1|sha256|sha384|sha512]")
      return 2
    }
    io.stdout(client.urls.sign(call, query.startsWith('?') ? query.slice(1) : query))
    return 0
  })

function unavailableLine(err: BbbUnavailableError, apiBase: string, timeoutMs: number): string {
  switch (err.reason) {
    case 'unreachable':
      return err.message.replace(/^BigBlueButton [^:]+: /, '')
    case 'timeout':
      return `no answer from ${apiBase} within ${timeoutMs} ms (timeout)`
    case 'http_status':
      return `${apiBase} is not a BigBlueButton API: it answered HTTP ${err.status ?? '?'}`
    case 'not_xml': {
      const what = /HTML/.test(err.message) ? 'an HTML page' : 'something other than BBB XML'
      return `${apiBase} is not a BigBlueButton API: it answered ${what}`
    }
    case 'malformed':
      return `${apiBase} is not a BigBlueButton API: its answer is malformed or truncated XML`
    case 'too_large':
      return `${apiBase} answered more than BIGBLUEBUTTON_MAX_ANSWER_BYTES allows`
  }
}

/**
 * `check`: does the server answer, which version, is the secret right (a signed getMeetings answering
 * anything but checksumError), which checksum algorithms it accepts. Exit 0 when all is well, 1 otherwise
 * with one line on stderr.
 */
export const check: CliCommand = (args, env, io) =>
  withSetup('check', args, env, io, async ({ client, endpoint, secret, algorithm, timeoutMs }) => {
    const fail = (line: string) => {
      io.stderr(`bbb-spaces check: ${line}`)
      return 1
    }
    let version
    try {
      version = await client.apiVersion()
    } catch (err) {
      if (isBbbUnavailableError(err)) return fail(unavailableLine(err, client.apiBase, timeoutMs))
      if (isBbbApiError(err)) {
        return fail(`${client.apiBase} answered FAILED (${err.messageKey || 'no messageKey'}) to the version request`)
      }
      throw err
    }
    const bbb = version.bbbVersion ? `, BigBlueButton ${version.bbbVersion}` : ''
    io.stdout(`ok  server answers at ${client.apiBase} (API version ${version.apiVersion ?? version.version}${bbb})`)

    const accepted: ChecksumAlgorithm[] = []
    for (const alg of [algorithm, ...CHECKSUM_ALGORITHMS.filter((a) => a !== algorithm)]) {
      const probe = createBbbClient({ endpoint, secret, algorithm: alg, timeoutMs })
      try {
        await probe.getMeetings()
        accepted.push(alg)
      } catch (err) {
        if (isBbbApiError(err)) {
          if (err.messageKey !== 'checksumError') accepted.push(alg)
          continue
        }
        if (isBbbUnavailableError(err)) return fail(unavailableLine(err, client.apiBase, timeoutMs))
        throw err
      }
    }
    if (accepted.length === 0) {
      return fail(
        'secret rejected: the server answered checksumError to getMeetings signed with ' +
          `${CHECKSUM_ALGORITHMS.join(', ')}` +
          ' (check BIGBLUEBUTTON_SECRET / --secret)',
      )
    }
    const list = CHECKSUM_ALGORITHMS.filter((a) => accepted.includes(a))
    const refused = CHECKSUM_ALGORITHMS.filter((a) => !accepted.includes(a))
    if (!accepted.includes(algorithm)) {
      return fail(
        `the secret is right but the server refuses ${algorithm} checksums; it accepts ${list.join(', ')}` +
          ' (set BIGBLUEBUTTON_CHECKSUM_ALGORITHM / --algorithm)',
      )
    }
    io.stdout(`ok  secret accepted (getMeetings signed with ${algorithm})`)
    io.stdout(
      `ok  checksum algorithms accepted: ${list.join(', ')}` +
        (refused.length ? ` (refused: ${refused.join(', ')})` : ''),
    )
    return 0
  })

/** `call <call> key=value …`: performs a call (GET) and prints the parsed answer as JSON. */
export const call: CliCommand = (args, env, io) =>
  withSetup('call', args, env, io, async ({ client, positionals, timeoutMs }) => {
    const [callName, ...pairs] = positionals
    if (callName === undefined || callName === '') {
      io.stderr('bbb-spaces call: usage: call <call> key=value …')
      return 2
    }
    const params: Record<string, QueryValue> = {}
    for (const pair of pairs) {
      const eq = pair.indexOf('=')
      if (eq <= 0) {
        io.stderr(`bbb-spaces call: "${pair}" is not key=value`)
        return 2
      }
      params[pair.slice(0, eq)] = pair.slice(eq + 1)
    }
    // A join answers 302 to a browser by default; here we want its XML.
    if (callName === 'join' && !('redirect' in params)) params['redirect'] = 'false'
    try {
      const body = await client.call(callName, params)
      const mapper = RESPONSE_MAPPERS[callName]
      io.stdout(JSON.stringify(mapper ? mapper(body) : body, null, 2))
      return 0
    } catch (err) {
      if (isBbbApiError(err)) {
        io.stderr(`FAILED ${err.messageKey || '(no messageKey)'}: ${err.message}`)
        return 1
      }
      if (isBbbUnavailableError(err)) {
        io.stderr(`bbb-spaces call: ${unavailableLine(err, client.apiBase, timeoutMs)}`)
        return 1
      }
      if (isBbbError(err)) {
        io.stderr(`bbb-spaces call: ${err.message}`)
        return 2
      }
      throw err
    }
  })
