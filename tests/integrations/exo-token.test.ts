import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signatureHeader } from '../../server/host-events/index.js'
import { startTestService, TEST_HOST_SECRET, type TestService } from '../helpers/service.js'
import { buildExo, runJava, writeJavaInputs, type ExoBuild } from './exo-java.js'

export const EXO_FIXTURE = {
  users: {
    alice: { name: 'Alice Martin', email: 'alice@example.org', language: 'fr', external: false },
    bob: { name: 'Bob Durand', email: 'bob@example.org', language: 'en', external: false },
    eve: { name: 'Eve Partner', email: 'eve@partner.example', language: 'en', external: true },
    mallory: { name: 'Mallory', email: 'mallory@example.org', language: 'en', external: false },
  },
  spaces: [{ id: '42', prettyName: 'team-alpha', displayName: 'Team Alpha', managers: ['alice'], members: ['bob', 'eve'] }],
}

interface Issued {
  token: string
  expiresAt: number
  serviceUrl: string
  spaceId: string
  spaceName: string
  role: string
}

describe('host tokens minted by the Java connector, verified by bbb-spaces', () => {
  let build: ExoBuild
  let service: TestService
  let inputs: { fixture: string; config: string }

  beforeAll(async () => {
    ;[build, service] = await Promise.all([buildExo({ skipTests: true }), startTestService()])
    inputs = writeJavaInputs(build.dir, EXO_FIXTURE, { url: service.url, secret: TEST_HOST_SECRET })
  }, 180_000)
  afterAll(async () => {
    await service?.close()
    build?.cleanup()
  })

  async function mint(user: string, ownerType = 'space', ownerId = 'team-alpha'): Promise<Issued> {
    const out = await runJava(build.classpath, ['mint', '--fixture', inputs.fixture, '--config', inputs.config, user, ownerType, ownerId])
    expect(out.code, out.stderr + out.stdout).toBe(0)
    return JSON.parse(out.stdout) as Issued
  }

  function rooms(token: string) {
    return fetch(`${service.url}/api/v1/spaces/exo-space-42/rooms`, { headers: { Authorization: `Bearer ${token}` } })
  }

  it('a manager token opens the space (its default room created) with manager rights, and joins as moderator', async () => {
    const issued = await mint('alice')
    expect(issued).toMatchObject({ spaceId: 'exo-space-42', spaceName: 'Team Alpha', role: 'manager', serviceUrl: service.url })
    expect(issued.expiresAt - Date.now() / 1000).toBeLessThanOrEqual(120)
    const res = await rooms(issued.token)
    expect(res.status).toBe(200)
    const { rooms: list } = (await res.json()) as { rooms: Array<{ id: string; canManage: boolean; canStart: boolean; role: string }> }
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ canManage: true, canStart: true, role: 'manager' })

    const join = await fetch(`${service.url}/api/v1/rooms/${list[0]!.id}/join`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${issued.token}`, 'Content-Type': 'application/json' },
      body: '{}',
    })
    expect(join.status).toBe(200)
    expect(((await join.json()) as { role: string }).role).toBe('MODERATOR')
  })

  it('a member token is a member there, and an external one is remembered as external', async () => {
    const bob = await mint('bob')
    const res = await rooms(bob.token)
    expect(res.status).toBe(200)
    const { rooms: list } = (await res.json()) as { rooms: Array<{ canManage: boolean; role: string }> }
    expect(list[0]).toMatchObject({ canManage: false, role: 'member' })

    const eve = await mint('eve')
    expect((await rooms(eve.token)).status).toBe(200)
    const identity = await service.store.getIdentity('eve')
    expect(identity).toMatchObject({ external: true, spaces: { 'exo-space-42': 'member' } })
  })

  it('a tampered token (member turned manager, signature kept) is refused with invalid_token', async () => {
    const bob = await mint('bob')
    const [header, payload, signature] = bob.token.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { spaces: Record<string, string> }
    claims.spaces['exo-space-42'] = 'manager'
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`
    const res = await rooms(forged)
    expect(res.status).toBe(401)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_token')
  })

  it('a non-member gets no token at all (403 not_a_member)', async () => {
    const out = await runJava(build.classpath, ['mint', '--fixture', inputs.fixture, '--config', inputs.config, 'mallory', 'space', 'team-alpha'])
    expect(out.code).toBe(3)
    expect(JSON.parse(out.stdout)).toEqual({ error: { code: 'not_a_member', message: expect.any(String) } })
  })

  it("the Java verifier accepts a host event signed by bbb-spaces' own signer, and refuses it tampered or stale", async () => {
    const secret = 'host-webhook-secret-for-tests-0123456789'
    const body = JSON.stringify({ id: 'evt_7', type: 'meeting.ended', at: new Date().toISOString(), spaceId: 'exo-space-42', roomId: 'r1', data: {} })
    const bodyFile = join(build.dir, 'event.json')
    writeFileSync(bodyFile, body)
    // bbb-spaces' own signer, as its outbox uses it.
    const sign = (t: number, raw: string) => signatureHeader(secret, t * 1000, raw)
    const now = Math.floor(Date.now() / 1000)

    const ok = await runJava(build.classpath, ['verify', '--secret', secret, '--header', sign(now, body), '--body-file', bodyFile])
    expect(ok.code, ok.stderr).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({ id: 'evt_7', type: 'meeting.ended', spaceId: 'exo-space-42', roomId: 'r1' })

    const tampered = await runJava(build.classpath, ['verify', '--secret', secret, '--header', sign(now, body.replace('evt_7', 'evt_8')), '--body-file', bodyFile])
    expect([tampered.code, tampered.stdout.trim()]).toEqual([4, 'bad_signature'])
    const stale = await runJava(build.classpath, ['verify', '--secret', secret, '--header', sign(now - 600, body), '--body-file', bodyFile])
    expect([stale.code, stale.stdout.trim()]).toEqual([4, 'stale_signature'])
  })
})
