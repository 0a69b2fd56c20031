import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// What the README's run line starts (`npm start` = build the widget, then `tsx server/main.ts`; the suite's global
// setup has built the widget already): the real process on the embedded defaults, driven over HTTP by a script
// that mints its own host token (nothing of ours on the client side).
const ROOT = new URL('../..', import.meta.url).pathname
const HOST_SECRET = 'e2e-host-secret-0123456789abcdefghijkl'

let child: ChildProcess
let base: string
let output = ''
let dataDir: string

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output so far:\n${output}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bbb-spaces-e2e-'))
  child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST_JWT_SECRET: HOST_SECRET,
      DATABASE_URL: `sqlite:${join(dataDir, 'e2e.sqlite')}`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d) => (output += String(d)))
  child.stderr!.on('data', (d) => (output += String(d)))
  const port = await waitFor('the banner', () => /\(port (\d+)\)/.exec(output)?.[1])
  base = `http://127.0.0.1:${port}`
})

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL')
  await rm(dataDir, { recursive: true, force: true })
})

describe('npm start on the embedded defaults', () => {
  it('says it runs the development BBB server, not for production', () => {
    expect(output).toContain('DEVELOPMENT server')
    expect(output).toContain('not for production')
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

  it('shuts down cleanly on SIGTERM', async () => {
    child.kill('SIGTERM')
    const code = await waitFor('the process to exit', () => child.exitCode ?? undefined, 15_000)
    expect(code).toBe(0)
  })
})
