import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { portOpen, runMarks } from '../helpers/leftovers.js'

// What an operator does (docs/production.md): build, install production dependencies only, run the compiled
// server with NODE_ENV=production. Done in a scratch copy so the checkout's own node_modules is untouched.
// npm installs from its cache where it can; the native SQLite binding is the one this machine already compiled
// (same Node, same platform), so the test need not spend a minute rebuilding it.
const ROOT = new URL('../..', import.meta.url).pathname
const run = promisify(execFile)

let scratch: string
let server: ChildProcess | undefined
let output = ''

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'bbb-spaces-prod-'))
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces?: string[] }
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(ROOT, file), join(scratch, file))
  for (const ws of manifest.workspaces ?? []) {
    mkdirSync(join(scratch, ws), { recursive: true })
    copyFileSync(join(ROOT, ws, 'package.json'), join(scratch, ws, 'package.json'))
  }
  cpSync(join(ROOT, 'bin'), join(scratch, 'bin'), { recursive: true })
  cpSync(join(ROOT, 'dist', 'widget'), join(scratch, 'dist', 'widget'), { recursive: true })
  await Promise.all([
    run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', join(scratch, 'dist', 'server')], { cwd: ROOT }),
    run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: scratch, env: { ...process.env, NODE_ENV: 'production' } }),
  ])
  const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'
  mkdirSync(join(scratch, 'node_modules/better-sqlite3/build/Release'), { recursive: true })
  copyFileSync(join(ROOT, addon), join(scratch, addon))
}, 180_000)

afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL')
    await new Promise((r) => server!.once('exit', r))
  }
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

describe('a production install (npm ci --omit=dev, then node dist/server/main.js)', () => {
  it('has none of the development tools', () => {
    for (const dev of ['tsx', 'typescript', 'vite', 'vitest', 'playwright-core']) {
      expect(existsSync(join(scratch, 'node_modules', dev)), dev).toBe(false)
    }
    expect(existsSync(join(scratch, 'dist/server/main.js'))).toBe(true)
  })

  it('starts with NODE_ENV=production, answers /healthz and serves the widget, then stops cleanly on SIGTERM', async () => {
    server = spawn(process.execPath, ['dist/server/main.js'], {
      cwd: scratch,
      env: {
        ...runMarks(),
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        PUBLIC_URL: 'https://meet.example.org',
        // A real-looking BBB that does not exist: the service starts anyway and says BBB is unreachable.
        BIGBLUEBUTTON_ENDPOINT: 'https://bbb.example.invalid/bigbluebutton/',
        BIGBLUEBUTTON_SECRET: 'production-bbb-secret-0123456789abcdef',
        BIGBLUEBUTTON_TIMEOUT_MS: '1000',
        HOST_JWT_SECRET: 'production-host-secret-0123456789abcdefghij',
        DATABASE_URL: `sqlite:${join(scratch, 'data', 'bbb-spaces.sqlite')}`,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    server.stdout!.on('data', (d) => (output += String(d)))
    server.stderr!.on('data', (d) => (output += String(d)))
    let port: number | undefined
    for (const deadline = Date.now() + 30_000; port === undefined; ) {
      const found = /\(port (\d+)\)/.exec(output)?.[1]
      if (found) port = Number(found)
      else if (server.exitCode !== null || Date.now() > deadline) throw new Error(`the compiled server did not start:\n${output}`)
      else await new Promise((r) => setTimeout(r, 100))
    }
    const base = `http://127.0.0.1:${port}`

    const health = await fetch(`${base}/healthz`)
    const body = (await health.json()) as { store?: string; bbb?: string }
    expect(body.store).toBe('ok')
    expect(body.bbb).toBe('unreachable')
    const widget = await fetch(`${base}/widget/v1/bbb-spaces.js`)
    expect(widget.status).toBe(200)
    expect((await fetch(`${base}/`)).status).toBe(404) // no demo in production

    server.kill('SIGTERM')
    const code = await new Promise<number | null>((r) => (server!.exitCode !== null ? r(server!.exitCode) : server!.once('exit', r)))
    expect(code).toBe(0)
    expect(output).toContain('"msg":"stopped cleanly"')
    expect(await portOpen(port!)).toBe(false)
  }, 60_000)

  it('runs the compiled command line without tsx', async () => {
    const { stdout } = await run(
      process.execPath,
      ['bin/bbb-spaces.js', 'sign', 'getMeetings', '', '--endpoint', 'https://bbb.example.org/bigbluebutton/', '--secret', 's3cret', '--algorithm', 'sha1'],
      { cwd: scratch, env: { PATH: process.env.PATH ?? '' } },
    )
    expect(stdout.trim()).toMatch(/^https:\/\/bbb\.example\.org\/bigbluebutton\/api\/getMeetings\?checksum=[0-9a-f]{40}$/)
  })
})
