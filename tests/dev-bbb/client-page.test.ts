import { afterEach, describe, expect, it } from 'vitest'
import { sleep, startDev, waitFor, type Dev, type Loose } from './helpers.js'

let dev: Dev
afterEach(async () => {
  await dev?.close()
})

async function join(d: Dev, meetingID: string, params: Record<string, string | boolean>): Promise<string> {
  const r = await d.call('join', { meetingID, redirect: false, ...params })
  expect(r.returncode).toBe('SUCCESS')
  return r.session_token
}
const beat = async (d: Dev, token: string) =>
  (await (await fetch(`${d.url}client/heartbeat?sessionToken=${token}`, { method: 'POST' })).json()) as Loose

describe('the client page', () => {
  it('renders meeting name, your name and role, the attendee list and a Leave button, in an accessible page', async () => {
    dev = await startDev()
    await dev.call('create', { meetingID: 'cp-1', name: 'Team <sync>' })
    const token = await join(dev, 'cp-1', { fullName: 'Zoé', role: 'MODERATOR' })
    const res = await fetch(`${dev.url}client?sessionToken=${token}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'nonce-/)
    const html = await res.text()
    expect(html).toMatch(/<html lang="en">/)
    expect(html).toContain('<h1 id="bbb-dev-meeting-name">Team &lt;sync&gt;</h1>')
    expect(html).toContain('id="bbb-dev-user-name">Zoé<')
    expect(html).toMatch(/id="bbb-dev-user-role" data-role="MODERATOR"/)
    expect(html).toContain('<button type="button" id="bbb-dev-leave">Leave</button>')
    expect(html).toContain('<ul id="bbb-dev-attendees">')
    expect(html).toContain("addEventListener('pagehide'")
    expect((await fetch(`${dev.url}client?sessionToken=unknown`)).status).toBe(404)
  })

  it('counts you from the first heartbeat until you leave, and shows who else is in', async () => {
    dev = await startDev()
    await dev.call('create', { meetingID: 'cp-2', name: 'Pair' })
    const a = await join(dev, 'cp-2', { fullName: 'Ann', role: 'MODERATOR', userID: 'ann' })
    const b = await join(dev, 'cp-2', { fullName: 'Bob', role: 'VIEWER', userID: 'bob' })
    expect((await dev.call('getMeetingInfo', { meetingID: 'cp-2' })).participantCount).toBe('0')
    expect((await beat(dev, a)).status).toBe('in')
    const seen = await beat(dev, b)
    expect(seen.attendees.map((x: Loose) => x.fullName).sort()).toEqual(['Ann', 'Bob'])
    expect(seen.you).toMatchObject({ fullName: 'Bob', role: 'VIEWER', userID: 'bob' })
    expect((await dev.call('isMeetingRunning', { meetingID: 'cp-2' })).running).toBe('true')
    const left = (await (await fetch(`${dev.url}client/leave?sessionToken=${b}`, { method: 'POST' })).json()) as Loose
    expect(left.status).toBe('left')
    const info = await dev.call('getMeetingInfo', { meetingID: 'cp-2' })
    expect(info.participantCount).toBe('1')
    expect(info.attendees.attendee.userID).toBe('ann')
    const state = (await (await fetch(`${dev.url}client/state?sessionToken=${a}`)).json()) as Loose
    expect(state.attendees).toHaveLength(1)
  })

  it('drops you after missed heartbeats', async () => {
    dev = await startDev({ heartbeatTimeoutMs: 600 })
    await dev.call('create', { meetingID: 'cp-3', name: 'Gone' })
    const a = await join(dev, 'cp-3', { fullName: 'Ann', role: 'VIEWER' })
    await beat(dev, a)
    expect((await dev.call('getMeetingInfo', { meetingID: 'cp-3' })).participantCount).toBe('1')
    await sleep(150)
    expect((await dev.call('getMeetingInfo', { meetingID: 'cp-3' })).participantCount).toBe('1')
    await waitFor(async () => ((await dev.call('getMeetingInfo', { meetingID: 'cp-3' })).participantCount === '0' ? true : undefined))
  })

  it('keeps a guest waiting under ASK_MODERATOR until a moderator in the meeting admits them', async () => {
    dev = await startDev()
    await dev.call('create', { meetingID: 'cp-4', name: 'Lobby', guestPolicy: 'ASK_MODERATOR' })
    const mod = await join(dev, 'cp-4', { fullName: 'Mo', role: 'MODERATOR' })
    const guest = await join(dev, 'cp-4', { fullName: 'Guest Gil', role: 'VIEWER', guest: true })
    const viewer = await join(dev, 'cp-4', { fullName: 'Vi', role: 'VIEWER' })
    expect((await beat(dev, guest)).status).toBe('waiting')
    await beat(dev, viewer)
    const modState = await beat(dev, mod)
    expect(modState.waitingGuests).toEqual([{ internalUserID: expect.any(String), fullName: 'Guest Gil' }])
    const guestID = modState.waitingGuests[0].internalUserID
    const byViewer = await fetch(`${dev.url}client/admit?sessionToken=${viewer}&userID=${guestID}&decision=allow`, { method: 'POST' })
    expect(byViewer.status).toBe(403)
    expect((await beat(dev, guest)).status).toBe('waiting')
    const admit = await fetch(`${dev.url}client/admit?sessionToken=${mod}&userID=${guestID}&decision=allow`, { method: 'POST' })
    expect(admit.status).toBe(200)
    const admitted = await beat(dev, guest)
    expect(admitted.status).toBe('in')
    expect(admitted.you.guest).toBe(true)
    expect((await dev.call('getMeetingInfo', { meetingID: 'cp-4' })).participantCount).toBe('3')
  })

  it('shows the ended state to people in the meeting after end', async () => {
    dev = await startDev()
    await dev.call('create', { meetingID: 'cp-5', name: 'Bye' })
    const a = await join(dev, 'cp-5', { fullName: 'Ann', role: 'MODERATOR' })
    await beat(dev, a)
    await dev.call('end', { meetingID: 'cp-5' })
    await waitFor(async () => ((await beat(dev, a)).status === 'ended' ? true : undefined))
  })
})
