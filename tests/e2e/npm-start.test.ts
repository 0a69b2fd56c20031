import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listProcesses, portOpen } from '../helpers/leftovers.js'

// What the README's run line starts, through npm itself (`npm start` = build the widget, then one node process
// running server/main.ts): the real process on the embedded defaults, driven over HTTP by a script that mints its
// own host token (nothing of ours on the client side), then stopped by a signal sent to npm, as a terminal or a
// process manager would.
const ROOT = new URL('../..', import.meta.url).pathname
const HOST_SECRET = 'e2e-host-secret-0123456789abcdefghijkl'

interface Running {
  child: ChildProcess
  port: number
  output: () => string
}

let first: Running
let base: string
let dataDir: string

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output so far:\n${first?.output()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** `npm start` with this environment; resolves once the service says it listens. */
async function npmStart(env: Record<string, string>): Promise<Running> {
  let out = ''
  const started = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  started.stdout!.on('data', (d) => (out += String(d)))
  started.stderr!.on('data', (d) => (out += String(d)))
  const deadline = Date.now() + 60_000
  for (;;) {
    const found = /\(port (\d+)\)/.exec(out)?.[1]
    if (found) return { child: started, port: Number(found), output: () => out }
    if (started.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not start:\n${out}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Every live process below `pid` (npm's shell, node…). */
function descendants(pid: number): number[] {
  const all = listProcesses()
  const found: number[] = []
  const walk = (parent: number) => {
    for (const p of all) {
      if (p.ppid !== parent) continue
      found.push(p.pid)
      walk(p.pid)
    }
  }
  walk(pid)
  return found
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Sends `signal` to the npm process only and checks what a user notices: within 10 s the port is free, npm and
 * everything it started are gone, and the log says the service stopped cleanly. Returns npm's exit code.
 */
async function stopThroughNpm(running: Running, signal: NodeJS.Signals): Promise<number | null> {
  const below = descendants(running.child.pid!)
  expect(below.length).toBeGreaterThan(0)
  const signalled = Date.now()
  running.child.kill(signal)
  const exit = new Promise<number | null>((resolve) => {
    if (running.child.exitCode !== null) resolve(running.child.exitCode)
    else running.child.once('exit', (code) => resolve(code))
  })
  for (;;) {
    const open = await portOpen(running.port)
    const remaining = [running.child.pid!, ...below].filter(alive)
    if (!open && remaining.length === 0) break
    if (Date.now() - signalled > 10_000) {
      throw new Error(`${signal} to npm: after 10 s the port is ${open ? 'still open' : 'free'}, still running: ${remaining.join(', ')}\n${running.output()}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  expect(running.output()).toContain('"msg":"stopped cleanly"')
  return exit
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bbb-spaces-e2e-'))
  first = await npmStart(npmEnv('e2e'))
  base = `http://127.0.0.1:${first.port}`
})

const started: Running[] = []
function npmEnv(db: string): Record<string, string> {
  return { PORT: '0', HOST_JWT_SECRET: HOST_SECRET, DATABASE_URL: `sqlite:${join(dataDir, `${db}.sqlite`)}`, LOG_LEVEL: 'info', NODE_ENV: 'development' }
}

afterAll(async () => {
  // Only when a test failed half-way: whatever npm started is stopped, so nothing outlives the run.
  for (const running of [first, ...started]) {
    if (!running?.child.pid) continue
    for (const pid of [...descendants(running.child.pid), running.child.pid]) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // gone
      }
    }
  }
  await rm(dataDir, { recursive: true, force: true })
})

describe('npm start on the embedded defaults', () => {
  it('says it runs the development BBB server, not for production', () => {
    expect(first.output()).toContain('DEVELOPMENT server')
    expect(first.output()).toContain('not for production')
  })

  it('lets a script list rooms, join, see one participant, and end the meeting', async () => {
    const token = await new SignJWT({ name: 'Script User', spaces: { 'demo-space': 'manager' } })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('script-user')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(HOST_SECRET))
    const auth = { Authorization: `Bearer ${token}` }

    const list = await fetch(`${base}/api/v1/spaces/demo-space/rooms`, { headers: auth })
    expect(list.status).toBe(200)
    const [room] = ((await list.json()) as { rooms: Array<{ id: string }> }).rooms
    expect(room).toBeDefined()

    const join = await fetch(`${base}/api/v1/rooms/${room!.id}/join`, { method: 'POST', headers: auth })
    expect(join.status).toBe(200)
    const { joinUrl, role } = (await join.json()) as { joinUrl: string; role: string }
    expect(role).toBe('MODERATOR')

    // The join URL is BBB's: it redirects the browser to the dev server's client page, whose script then sends
    // heartbeats that count us in (sent here by hand: this client runs no JavaScript).
    const redirect = await fetch(joinUrl, { redirect: 'manual' })
    expect(redirect.status).toBe(302)
    const clientPage = new URL(redirect.headers.get('location')!, joinUrl)
    const page = await fetch(clientPage)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Script User')
    const beat = await fetch(new URL(`client/heartbeat${clientPage.search}`, new URL('.', clientPage)), { method: 'POST' })
    expect(beat.status).toBe(200)

    const running = await waitFor('one participant', async () => {
      const res = await fetch(`${base}/api/v1/rooms/${room!.id}`, { headers: auth })
      const body = (await res.json()) as { room: { status: { running: boolean; participants: number } } }
      return body.room.status.running && body.room.status.participants === 1 ? body.room.status : undefined
    })
    expect(running.participants).toBe(1)

    const end = await fetch(`${base}/api/v1/rooms/${room!.id}/end`, { method: 'POST', headers: auth })
    expect(end.status).toBe(200)
    await waitFor('the meeting to end', async () => {
      const res = await fetch(`${base}/api/v1/rooms/${room!.id}`, { headers: auth })
      const body = (await res.json()) as { room: { status: { running: boolean } } }
      return body.room.status.running ? undefined : true
    })
  })

  it('listens on loopback only (HOST defaults to 127.0.0.1 outside production)', async (ctx) => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)
    if (!external) ctx.skip()
    expect(await portOpen(first.port, '127.0.0.1')).toBe(true)
    expect(await portOpen(first.port, external!.address)).toBe(false)
  })

  it('stops within 10 s when npm gets SIGTERM: port free, no process left, "stopped cleanly" in the log', async () => {
    expect(await stopThroughNpm(first, 'SIGTERM')).toBe(0)
  })
})

describe('npm start and Ctrl-C', () => {
  it('stops within 10 s when npm gets SIGINT: port free, no process left, "stopped cleanly" in the log', async () => {
    const running = await npmStart(npmEnv('sigint'))
    started.push(running)
    expect(await portOpen(running.port)).toBe(true)
    await stopThroughNpm(running, 'SIGINT')
  }, 60_000)
})
