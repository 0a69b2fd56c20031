import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from '../helpers/service.js'

// server/http/routes/demo.ts and widget-assets.ts, through the real service (the suite's global setup builds
// the widget first).

let demo: TestService
let plain: TestService

beforeAll(async () => {
  ;[demo, plain] = await Promise.all([startTestService({ demo: true }), startTestService({ demo: false })])
})

afterAll(async () => {
  await Promise.all([demo?.close(), plain?.close()])
})

describe('widget assets', () => {
  it('serves the standalone script with a short revalidating cache and the ESM entry', async () => {
    const res = await fetch(`${plain.url}/widget/v1/bbb-spaces.js`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=300\b/)
    expect(res.headers.get('etag')).toBeTruthy()
    expect(await res.text()).toContain('bbb-meeting-button')
    // The scripts it loads from beside it (admin console, scheduled meetings, room dialog) are served the same way.
    for (const [file, global] of [
      ['bbb-spaces-admin.js', 'BbbSpacesAdmin'],
      ['bbb-spaces-schedule.js', 'BbbSpacesSchedule'],
      ['bbb-spaces-room.js', 'BbbSpacesRoom'],
    ]) {
      const part = await fetch(`${plain.url}/widget/v1/${file}`)
      expect(part.status, file).toBe(200)
      expect(part.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
      expect(part.headers.get('cache-control')).toMatch(/^public, max-age=300\b/)
      expect(await part.text()).toContain(global)
    }
    const esm = await fetch(`${plain.url}/widget/esm/bbb-spaces-react.js`)
    expect(esm.status).toBe(200)
    expect(await esm.text()).toMatch(/from\s*"react"/)
  })

  it('answers 404 route_not_found for a file that is not there', async () => {
    const res = await fetch(`${plain.url}/widget/v1/nope.js`)
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('route_not_found')
  })
})

describe('demo host', () => {
  it('serves the demo platform embedding the standalone script like a host would', async () => {
    const res = await fetch(`${demo.url}/`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<script src="/widget/v1/bbb-spaces.js" defer></script>')
    expect(html).toContain('"team-alpha"')
    expect((await fetch(`${demo.url}/demo/demo.js`)).headers.get('content-type')).toMatch(/^text\/javascript/)
  })

  it('mints a token per persona that the API accepts with that persona’s role', async () => {
    const res = await fetch(`${demo.url}/demo/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ persona: 'member', locale: 'fr' }),
    })
    expect(res.status).toBe(200)
    const { token } = (await res.json()) as { token: string }
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>
    expect(claims).toMatchObject({ sub: 'demo-bruno', locale: 'fr', spaces: { 'team-alpha': 'member' } })
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600)
    const rooms = await fetch(`${demo.url}/api/v1/spaces/team-alpha/rooms`, { headers: { Authorization: `Bearer ${token}` } })
    expect(rooms.status).toBe(200)
    expect(((await rooms.json()) as { rooms: Array<{ role: string }> }).rooms[0]!.role).toBe('member')
  })

  it('refuses an unknown persona with invalid_request naming the field', async () => {
    const res = await fetch(`${demo.url}/demo/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ persona: 'root' }),
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string; details: { field: string } } }).error).toMatchObject({
      code: 'invalid_request',
      details: { field: 'persona' },
    })
  })

  it('is not there when demo mode is off', async () => {
    expect((await fetch(`${plain.url}/`)).status).toBe(404)
    const res = await fetch(`${plain.url}/demo/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ persona: 'admin' }),
    })
    expect(res.status).toBe(404)
  })
})
