import { execFile } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { call, check, sign } from '../../server/cli/bbb-commands.js'
import { startDevBbb, type RunningDevBbb } from '../../server/dev-bbb/index.js'

const run = promisify(execFile)
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const SECRET = 'cli-secret-0c9d8e7f6a5b'

/** Runs the installed command: through npx (as users do), or the bin script directly (faster). */
async function spawnCli(via: 'npx' | 'bin', args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [file, pre] = via === 'npx' ? ['npx', ['bbb-spaces']] : [process.execPath, ['bin/bbb-spaces.js']]
  try {
    const { stdout, stderr } = await run(file, [...pre, ...args], { cwd: repoRoot, env: { ...process.env, BIGBLUEBUTTON_SECRET: '' } })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

/** Runs a command in-process, collecting its output. */
async function inProcess(
  command: typeof sign,
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = []
  const err: string[] = []
  const code = await command(args, env, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) })
  return { code, out, err }
}

async function closedPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const { port } = s.address() as AddressInfo
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

// Two child processes side by side: each pays the tsx start-up.
describe.concurrent('the bbb-spaces command', () => {
  it('signs the BBB docs example exactly through npx', async () => {
    const r = await spawnCli('npx', [
      'sign',
      'create',
      'name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444',
      '--endpoint',
      'https://bbb.example.org/bigbluebutton/',
      '--secret',
      '639259d4-9dd8-4b25-bf01-95f9567eaf4b',
      '--algorithm',
      'sha1',
    ])
    expect(r).toEqual({
      code: 0,
      stdout:
        'https://bbb.example.org/bigbluebutton/api/create?name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444&checksum=1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17\n',
      stderr: '',
    })
  })

  it('check exits non-zero with one line, no stack trace, when nothing listens', async () => {
    const port = await closedPort()
    const r = await spawnCli('bin', ['check', '--endpoint', `http://127.0.0.1:${port}/bigbluebutton/`, '--secret', 'whatever'])
    expect(r.code).not.toBe(0)
    expect(r.stdout).toBe('')
    const lines = r.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+\/bigbluebutton\/api\/ \(connection refused\)/)
    expect(r.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/)
  })
})

describe('bbb-spaces commands against the development BBB server', () => {
  let dev: RunningDevBbb

  beforeAll(async () => {
    dev = await startDevBbb({ port: 0, secret: SECRET, algorithms: ['sha1', 'sha256', 'sha512'] })
  })
  afterAll(async () => {
    await dev?.close()
  })
  afterEach(async () => {
    await fault({ mode: 'none' })
  })

  async function fault(body: object): Promise<void> {
    await fetch(`${dev.url}dev/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  }

  it('check passes with the right secret from the environment and lists the accepted algorithms', async () => {
    const r = await inProcess(check, [], { BIGBLUEBUTTON_ENDPOINT: dev.url, BIGBLUEBUTTON_SECRET: SECRET })
    expect(r.err).toEqual([])
    expect(r.code).toBe(0)
    expect(r.out.join('\n')).toContain('API version 2.0')
    expect(r.out.join('\n')).toContain('secret accepted')
    expect(r.out.at(-1)).toBe('ok  checksum algorithms accepted: sha1, sha256, sha512 (refused: sha384)')
  })

  it('check says "secret rejected" for a wrong secret, in one line', async () => {
    const r = await inProcess(check, ['--endpoint', dev.url, '--secret', 'wrong-secret'])
    expect(r.code).toBe(1)
    expect(r.err).toHaveLength(1)
    expect(r.err[0]).toContain('secret rejected')
    expect(r.err[0]).not.toContain('cannot reach')
    expect(r.err[0]).not.toContain('wrong-secret')
  })

  it('check fails when the server refuses the configured algorithm, naming the accepted ones', async () => {
    const r = await inProcess(check, ['--endpoint', dev.url, '--secret', SECRET], {
      BIGBLUEBUTTON_CHECKSUM_ALGORITHM: 'sha384',
    })
    expect(r.code).toBe(1)
    expect(r.err).toEqual([expect.stringContaining('refuses sha384 checksums; it accepts sha1, sha256, sha512')])
  })

  it('check says when the address is not a BBB server', async () => {
    await fault({ mode: 'error', calls: ['index'] })
    const r = await inProcess(check, ['--endpoint', dev.url, '--secret', SECRET])
    expect(r.code).toBe(1)
    expect(r.err).toEqual([expect.stringContaining('is not a BigBlueButton API: it answered HTTP 500')])
  })

  it('check reports a timeout in one line', async () => {
    await fault({ mode: 'slow', delayMs: 1_000, calls: ['index'] })
    const r = await inProcess(check, ['--endpoint', dev.url, '--secret', SECRET, '--timeout', '150'])
    expect(r.code).toBe(1)
    expect(r.err).toEqual([expect.stringMatching(/no answer from .* within 150 ms \(timeout\)/)])
  })

  it('call prints the parsed answer as JSON, and FAILED as messageKey with exit 1', async () => {
    const created = await inProcess(call, ['create', 'meetingID=cli-1', 'name=Salle d’été', '--endpoint', dev.url, '--secret', SECRET])
    expect(created.code).toBe(0)
    expect(JSON.parse(created.out.join('\n'))).toMatchObject({ meetingID: 'cli-1', duplicateWarning: false })
    const info = await inProcess(call, ['getMeetingInfo', 'meetingID=cli-1', '--endpoint', dev.url, '--secret', SECRET])
    expect(JSON.parse(info.out.join('\n'))).toMatchObject({ meetingName: 'Salle d’été', attendees: [] })
    const missing = await inProcess(call, ['getMeetingInfo', 'meetingID=nope', '--endpoint', dev.url, '--secret', SECRET])
    expect(missing.code).toBe(1)
    expect(missing.err).toEqual([expect.stringMatching(/^FAILED notFound: /)])
  })

  it('refuses to run without a secret or with an unknown algorithm (exit 2)', async () => {
    expect((await inProcess(check, ['--endpoint', dev.url])).code).toBe(2)
    const bad = await inProcess(sign, ['getMeetings', '', '--endpoint', dev.url, '--secret', 's', '--algorithm', 'md5'])
    expect(bad.code).toBe(2)
    expect(bad.err[0]).toContain('unknown checksum algorithm "md5"')
  })
})
