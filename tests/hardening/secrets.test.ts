import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scanRecords } from './secret-scan.js'
import { TEST_HOST_SECRET } from '../helpers/service.js'

const ROOT = new URL('../..', import.meta.url).pathname

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

describe('the built widget bundles', () => {
  it('carry no secret, no server configuration and no signing code', () => {
    // Built by the suite's global setup, as hosts get them.
    const files = filesUnder(join(ROOT, 'dist/widget')).filter((f) => /\.(m?js|css|html|map)$/.test(f))
    expect(files.length).toBeGreaterThan(0)
    const secrets = [TEST_HOST_SECRET, process.env.HOST_JWT_SECRET, process.env.BIGBLUEBUTTON_SECRET, process.env.OIDC_CLIENT_SECRET]
      .filter((s): s is string => typeof s === 'string' && s.length >= 8)
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      for (const s of secrets) expect(text.includes(s), `${file} contains a secret`).toBe(false)
      expect(text, file).not.toMatch(/BIGBLUEBUTTON_SECRET|HOST_JWT_SECRET|OIDC_CLIENT_SECRET|securitySalt/)
      expect(text, file).not.toMatch(/checksum=[0-9a-f]{40}/i)
      expect(text, file).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/)
    }
  })
})

describe('the secret scan itself', () => {
  const secret = 'bbb-secret-value-0123456789abcdef'
  const checksum = 'a'.repeat(40)

  it('allows the checksum of a join URL handed to its user, and nothing else', () => {
    const leaks = scanRecords([
      { kind: 'secrets', values: [secret] },
      { kind: 'response', method: 'POST', url: '/api/v1/rooms/x/join', status: 200, headers: {},
        body: JSON.stringify({ joinUrl: `https://bbb/api/join?a=1&checksum=${checksum}`, role: 'VIEWER' }) },
      { kind: 'response', method: 'GET', url: '/r/x', status: 302, headers: { location: `https://bbb/api/join?checksum=${checksum}` }, body: '' },
    ])
    expect(leaks).toEqual([])
  })

  it('finds a secret or a checksum in a log line, a header or a body', () => {
    const leaks = scanRecords([
      { kind: 'secrets', values: [secret] },
      { kind: 'log', line: `{"msg":"calling https://bbb/api/create?checksum=${checksum}"}` },
      { kind: 'log', line: `{"msg":"secret is ${secret}"}` },
      { kind: 'response', method: 'GET', url: '/x', status: 500, headers: { 'x-debug': secret }, body: '' },
      { kind: 'response', method: 'GET', url: '/y', status: 200, headers: {}, body: `{"url":"https://bbb/api/getMeetings?checksum=${checksum}"}` },
    ])
    expect(leaks).toHaveLength(4)
  })
})

function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    let stdout = ''
    child.stdout.on('data', (d) => (stdout += String(d)))
    child.stderr.on('data', (d) => (stderr += String(d)))
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stderr, stdout })
    })
  })
}

describe('production mode', () => {
  it('does not start with the demo and the development BBB, and says why, one line per problem', async () => {
    const r = await runMain({ NODE_ENV: 'production', DEMO: 'on', PORT: '0', PUBLIC_URL: 'http://meet.example.org', HOST_JWT_SECRET: 'p'.repeat(40) })
    expect(r.code).toBe(1)
    expect(r.stdout).not.toContain('listening')
    const lines = r.stderr.trim().split('\n')
    expect(lines.every((l) => l.startsWith('bbb-spaces: '))).toBe(true)
    expect(lines.some((l) => l.includes('DEMO'))).toBe(true)
    expect(lines.some((l) => l.includes('BIGBLUEBUTTON_ENDPOINT'))).toBe(true)
    expect(lines.some((l) => l.includes('PUBLIC_URL'))).toBe(true)
    expect(lines).toHaveLength(3)
  }, 30_000)

  it('does not start with a short BBB secret or without a host secret', async () => {
    const r = await runMain({
      NODE_ENV: 'production',
      PORT: '0',
      PUBLIC_URL: 'https://meet.example.org',
      BIGBLUEBUTTON_ENDPOINT: 'https://bbb.example.org/bigbluebutton/',
      BIGBLUEBUTTON_SECRET: 'short',
    })
    expect(r.code).toBe(1)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines.some((l) => l.includes('BIGBLUEBUTTON_SECRET is too short'))).toBe(true)
    expect(lines.some((l) => l.includes('HOST_JWT_SECRET or HOST_JWKS_URL'))).toBe(true)
    expect(r.stderr).not.toContain('short\n')
  }, 30_000)
})
