import request from 'supertest'
import { expect } from 'vitest'
import { checksum } from '../../server/bbb/checksum.js'
import type { TestService } from '../helpers/service.js'

/** Shared steps of the limits tests: admin calls, rooms, joins, and entering the dev BBB as a browser would. */
export function limitsKit(t: TestService, space: string) {
  const api = () => request(t.url)
  const tokens = new Map<string, string>()

  async function token(sub: string, claims: { role?: 'manager' | 'member'; external?: boolean; locale?: 'fr' | 'en'; admin?: boolean } = {}) {
    const key = JSON.stringify([sub, claims])
    let value = tokens.get(key)
    if (!value) {
      value = await t.mintToken({
        sub,
        name: `User ${sub}`,
        spaces: claims.role === undefined && claims.admin ? {} : { [space]: claims.role ?? 'member' },
        ...(claims.external !== undefined ? { external: claims.external } : {}),
        ...(claims.locale ? { locale: claims.locale } : {}),
        ...(claims.admin ? { admin: true } : {}),
      })
      tokens.set(key, value)
    }
    return value
  }

  const admin = () => token('root', { admin: true })
  const manager = () => token('manager', { role: 'manager' })

  return {
    api,
    token,
    admin,
    manager,
    async putLimits(body: unknown) {
      const res = await api().put('/api/v1/admin/limits').set('Authorization', `Bearer ${await admin()}`).send(body as object)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body
    },
    async putSpaceLimits(spaceId: string, body: unknown) {
      const res = await api()
        .put(`/api/v1/admin/spaces/${spaceId}/limits`)
        .set('Authorization', `Bearer ${await admin()}`)
        .send(body as object)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body
    },
    async usage() {
      const res = await api().get('/api/v1/admin/usage').set('Authorization', `Bearer ${await admin()}`)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body as {
        participants: { total: number; internal: number; external: number }
        runningMeetings: number
        licence: Record<string, { used: number; cap: number | null }>
        spaces: Array<{ spaceId: string; runningMeetings: number; maxConcurrentMeetings: number | null; rooms: Array<{ roomId: string; participants: { total: number }; maxParticipants: number | null }> }>
      }
    },
    async newRoom(settings: Record<string, unknown> = {}, name = 'Limits room') {
      const res = await api()
        .post(`/api/v1/spaces/${space}/rooms`)
        .set('Authorization', `Bearer ${await manager()}`)
        .send({ name, settings })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      return res.body.room.id as string
    },
    join(roomId: string, bearer: string, base: string = t.url) {
      return request(base).post(`/api/v1/rooms/${roomId}/join`).set('Authorization', `Bearer ${bearer}`)
    },
    /** Follows a join URL into the dev BBB and sends the first heartbeat: the user is now an attendee. */
    async enter(joinUrl: string) {
      const landing = await fetch(joinUrl, { redirect: 'manual' })
      expect(landing.status).toBe(302)
      const session = new URL(landing.headers.get('location')!, joinUrl).searchParams.get('sessionToken')
      expect(session).toBeTruthy()
      const beat = await fetch(`${t.bbbUrl}client/heartbeat?sessionToken=${session}`, { method: 'POST' })
      expect(beat.status).toBe(200)
    },
    /** getMeetingInfo straight from the dev BBB (signed here, not through the service). */
    async meetingInfo(meetingId: string): Promise<string> {
      const query = `meetingID=${encodeURIComponent(meetingId)}`
      const sum = checksum('getMeetingInfo', query, t.service.config.bbb.secret, t.service.config.bbb.algorithm)
      const res = await fetch(`${t.bbbUrl}api/getMeetingInfo?${query}&checksum=${sum}`)
      return res.text()
    },
    /** A guest join signed here with redirect=false: BBB's answer says whether the guest waits in a lobby. */
    async guestJoin(meetingId: string): Promise<string> {
      const query = `fullName=Guest&meetingID=${encodeURIComponent(meetingId)}&role=VIEWER&guest=true&redirect=false`
      const sum = checksum('join', query, t.service.config.bbb.secret, t.service.config.bbb.algorithm)
      const res = await fetch(`${t.bbbUrl}api/join?${query}&checksum=${sum}`)
      return res.text()
    },
    async meetingIdOf(roomId: string): Promise<string> {
      const room = await t.store.getRoom(roomId)
      return room!.meetingId
    },
  }
}

export function xmlField(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1]
}
