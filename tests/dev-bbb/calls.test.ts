import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { parseXml, sleep, startDev, waitFor, type Dev, type Loose } from './helpers.js'

let dev: Dev
afterEach(async () => {
  await dev?.close()
})

async function simulate(d: Dev, meetingID: string, body: Record<string, unknown> = {}) {
  const res = await d.post(`dev/meetings/${encodeURIComponent(meetingID)}/attendees`, body)
  return { status: res.status, body: (await res.json()) as Loose }
}

describe('create', () => {
  it('is idempotent with duplicateWarning and refuses other passwords with idNotUnique', async () => {
    dev = await startDev()
    const first = await dev.call('create', { meetingID: 'room-1', name: 'Room 1', attendeePW: 'ap', moderatorPW: 'mp' })
    expect(first.returncode).toBe('SUCCESS')
    expect(first.messageKey).toBeUndefined()
    const expectedInternal = createHash('sha1').update('room-1').digest('hex') + '-' + first.createTime
    expect(first.internalMeetingID).toBe(expectedInternal)
    const again = await dev.call('create', { meetingID: 'room-1', name: 'Room 1', attendeePW: 'ap', moderatorPW: 'mp' })
    expect(again).toMatchObject({ returncode: 'SUCCESS', messageKey: 'duplicateWarning', createTime: first.createTime })
    const clash = await dev.call('create', { meetingID: 'room-1', name: 'Room 1', attendeePW: 'other' })
    expect(clash).toMatchObject({ returncode: 'FAILED', messageKey: 'idNotUnique' })
  })

  it('makes random passwords, lower-cases meta_ names, and validates its parameters', async () => {
    dev = await startDev()
    const r = await dev.call('create', { meetingID: 'room-2', name: 'Room 2', 'meta_bbb-Origin': 'spaces', meta_endCallbackUrl: 'x' })
    expect(r.attendeePW).toMatch(/^.{8,}$/)
    expect(r.moderatorPW).not.toBe(r.attendeePW)
    const info = await dev.call('getMeetingInfo', { meetingID: 'room-2' })
    expect(info.metadata).toEqual({ 'bbb-origin': 'spaces', endcallbackurl: 'x' })
    expect(await dev.call('create', { name: 'x' })).toMatchObject({ messageKey: 'missingParamMeetingID' })
    expect(await dev.call('create', { meetingID: 'a,b', name: 'x' })).toMatchObject({ messageKey: 'validationError' })
    expect(await dev.call('create', { meetingID: 'room-3' })).toMatchObject({ messageKey: 'validationError' })
    expect(await dev.call('create', { meetingID: 'room-3', name: 'x', duration: 'ten' })).toMatchObject({
      messageKey: 'validationError',
    })
  })

  it('refuses meetings past the cap with a clear messageKey', async () => {
    dev = await startDev({ maxMeetings: 2 })
    await dev.call('create', { meetingID: 'cap-1', name: 'a' })
    await dev.call('create', { meetingID: 'cap-2', name: 'b' })
    const r = await dev.call('create', { meetingID: 'cap-3', name: 'c' })
    expect(r).toMatchObject({ returncode: 'FAILED', messageKey: 'maxMeetingsReached' })
    expect((await dev.call('getMeetings')).meetings.meeting).toHaveLength(2)
  })
})

describe('join', () => {
  it('redirects (302) to the client page and answers XML with redirect=false', async () => {
    dev = await startDev()
    await dev.call('create', { meetingID: 'j-1', name: 'Join me' })
    const res = await fetch(dev.signed('join', { meetingID: 'j-1', fullName: 'Ann', role: 'MODERATOR' }), { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toMatch(new RegExp(`^${dev.url}client\\?sessionToken=[a-z0-9]{16}$`))
    const xml = await dev.call('join', { meetingID: 'j-1', fullName: 'Bob', role: 'viewer', redirect: false })
    expect(xml).toMatchObject({ returncode: 'SUCCESS', messageKey: 'successfullyJoined', guestStatus: 'ALLOW' })
    expect(xml.url).toBe(`${dev.url}client?sessionToken=${xml.session_token}`)
  })

  it('answers each refusal with its messageKey', async () => {
    dev = await startDev()
    const created = await dev.call('create', { meetingID: 'j-2', name: 'J', attendeePW: 'ap', moderatorPW: 'mp' })
    const join = (p: Record<string, string | boolean>) => dev.call('join', { meetingID: 'j-2', fullName: 'X', redirect: false, ...p })
    expect(await dev.call('join', { meetingID: 'nope-1', fullName: 'X', role: 'VIEWER', redirect: false })).toMatchObject({
      messageKey: 'invalidMeetingIdentifier',
    })
    expect(await dev.call('join', { meetingID: 'j-2', role: 'VIEWER', redirect: false })).toMatchObject({ messageKey: 'missingParamFullName' })
    expect(await dev.call('join', { fullName: 'X', role: 'VIEWER', redirect: false })).toMatchObject({ messageKey: 'missingParamMeetingID' })
    expect(await join({ password: 'wrong' })).toMatchObject({ messageKey: 'invalidPassword' })
    expect(await join({ password: 'mp' })).toMatchObject({ returncode: 'SUCCESS' })
    expect(await join({ role: 'VIEWER', createTime: '123' })).toMatchObject({ messageKey: 'mismatchCreateTimeParam' })
    expect(await join({ role: 'VIEWER', createTime: created.createTime })).toMatchObject({ returncode: 'SUCCESS' })
  })

  it('sends errors to errorRedirectUrl, else logoutURL, with errors=[{key,message}]', async () => {
    dev = await startDev()
    await dev.call('create', { meetingID: 'j-3', name: 'J', logoutURL: 'https://app.example/left' })
    const a = await fetch(dev.signed('join', { meetingID: 'j-3', fullName: 'X', password: 'bad' }), { redirect: 'manual' })
    const location = new URL(a.headers.get('location')!)
    expect(location.origin + location.pathname).toBe('https://app.example/left')
    expect(JSON.parse(location.searchParams.get('errors')!)).toEqual([{ key: 'invalidPassword', message: expect.any(String) }])
    const b = await fetch(
      dev.signed('join', { meetingID: 'nope-2', fullName: 'X', role: 'VIEWER', errorRedirectUrl: 'https://app.example/err?x=1' }),
      { redirect: 'manual' },
    )
    const loc2 = new URL(b.headers.get('location')!)
    expect(loc2.searchParams.get('x')).toBe('1')
    expect(JSON.parse(loc2.searchParams.get('errors')!)[0].key).toBe('invalidMeetingIdentifier')
  })

  it('counts maxParticipants by unique userID, moderators included', async () => {
    dev = await startDev()
    await dev.call('create', { meetingID: 'j-4', name: 'Small', maxParticipants: 2 })
    const join = (userID: string, role = 'VIEWER') =>
      dev.call('join', { meetingID: 'j-4', fullName: userID, role, userID, redirect: false })
    expect((await join('mod', 'MODERATOR')).returncode).toBe('SUCCESS')
    expect((await join('u1')).returncode).toBe('SUCCESS')
    expect((await join('u1')).returncode).toBe('SUCCESS')
    expect(await join('u2')).toMatchObject({ returncode: 'FAILED', messageKey: 'maxParticipantsReached' })
  })

  it('puts guests in the lobby under ASK_MODERATOR (guestWait) and refuses them under ALWAYS_DENY', async () => {
    dev = await startDev()
    await dev.call('create', { meetingID: 'g-1', name: 'Lobby', guestPolicy: 'ASK_MODERATOR' })
    await dev.call('create', { meetingID: 'g-2', name: 'Closed', guestPolicy: 'ALWAYS_DENY' })
    const waiting = await dev.call('join', { meetingID: 'g-1', fullName: 'Guest', role: 'VIEWER', guest: true, redirect: false })
    expect(waiting).toMatchObject({ returncode: 'SUCCESS', messageKey: 'guestWait', guestStatus: 'WAIT' })
    const member = await dev.call('join', { meetingID: 'g-1', fullName: 'Member', role: 'VIEWER', redirect: false })
    expect(member.guestStatus).toBe('ALLOW')
    expect(await dev.call('join', { meetingID: 'g-2', fullName: 'G', role: 'VIEWER', guest: true, redirect: false })).toMatchObject({
      returncode: 'FAILED',
      messageKey: 'guestDeniedAccess',
    })
  })
})

describe('running state, end and expiry', () => {
  it('is running only once someone is in; end is asynchronous and then joins get meetingForciblyEnded', async () => {
    // Keeps ended meetings listed, as a server slow to remove them would: the answers of that window.
    dev = await startDev({ endDelayMs: 150, endedRetentionMs: 60_000 })
    await dev.call('create', { meetingID: 'e-1', name: 'End me' })
    expect((await dev.call('isMeetingRunning', { meetingID: 'e-1' })).running).toBe('false')
    expect((await simulate(dev, 'e-1', { role: 'MODERATOR' })).status).toBe(201)
    expect((await dev.call('isMeetingRunning', { meetingID: 'e-1' })).running).toBe('true')
    expect(await dev.call('end', { meetingID: 'e-1', password: 'wrong' })).toMatchObject({ messageKey: 'invalidPassword' })
    expect(await dev.call('end', { meetingID: 'e-1' })).toMatchObject({ returncode: 'SUCCESS', messageKey: 'sentEndMeetingRequest' })
    expect((await dev.call('isMeetingRunning', { meetingID: 'e-1' })).running).toBe('true')
    await waitFor(async () => (await dev.call('isMeetingRunning', { meetingID: 'e-1' })).running === 'false')
    const info = await dev.call('getMeetingInfo', { meetingID: 'e-1' })
    expect(info).toMatchObject({ hasBeenForciblyEnded: 'true', participantCount: '0' })
    expect(await dev.call('join', { meetingID: 'e-1', fullName: 'Late', role: 'VIEWER', redirect: false })).toMatchObject({
      messageKey: 'meetingForciblyEnded',
    })
    expect(await dev.call('end', { meetingID: 'e-1' })).toMatchObject({ messageKey: 'notFound' })
    expect(await dev.call('end', { meetingID: 'never' })).toMatchObject({ messageKey: 'notFound' })
    expect(await dev.call('getMeetingInfo', { meetingID: 'never' })).toMatchObject({ messageKey: 'notFound' })
  })

  it('forgets an ended meeting after the retention time, then a create starts a fresh one', async () => {
    dev = await startDev({ endedRetentionMs: 100 })
    const first = await dev.call('create', { meetingID: 'e-2', name: 'Again' })
    await simulate(dev, 'e-2')
    await dev.call('end', { meetingID: 'e-2' })
    await waitFor(async () => (await dev.call('getMeetingInfo', { meetingID: 'e-2' })).messageKey === 'notFound')
    await sleep(2)
    const second = await dev.call('create', { meetingID: 'e-2', name: 'Again' })
    expect(second.messageKey).toBeUndefined()
    expect(second.internalMeetingID).not.toBe(first.internalMeetingID)
  })

  it('expires a meeting nobody joined (fractional minutes)', async () => {
    dev = await startDev()
    await dev.call('create', { meetingID: 'x-1', name: 'Nobody', meetingExpireIfNoUserJoinedInMinutes: 0.003 })
    expect((await dev.call('getMeetingInfo', { meetingID: 'x-1' })).returncode).toBe('SUCCESS')
    await waitFor(async () => (await dev.call('getMeetingInfo', { meetingID: 'x-1' })).messageKey === 'notFound')
    expect((await dev.call('getMeetings')).messageKey).toBe('noMeetings')
  })

  it('ends a meeting a moment after the last user left', async () => {
    dev = await startDev()
    await dev.call('create', { meetingID: 'x-2', name: 'Left', meetingExpireWhenLastUserLeftInMinutes: 0.003 })
    const { body } = await simulate(dev, 'x-2')
    await sleep(300)
    expect((await dev.call('getMeetingInfo', { meetingID: 'x-2' })).participantCount).toBe('1')
    const del = await fetch(`${dev.url}dev/meetings/x-2/attendees/${body.attendees[0].userID}`, { method: 'DELETE' })
    expect(del.status).toBe(204)
    await waitFor(async () => (await dev.call('getMeetingInfo', { meetingID: 'x-2' })).messageKey === 'notFound')
  })

  it('ends the meeting when its duration runs out (fractional minutes in the dev server)', async () => {
    dev = await startDev({ endedRetentionMs: 60_000 })
    await dev.call('create', { meetingID: 'd-1', name: 'Short', duration: 0.004 })
    await simulate(dev, 'd-1')
    expect((await dev.call('getMeetingInfo', { meetingID: 'd-1' })).running).toBe('true')
    const info = await waitFor(async () => {
      const r = await dev.call('getMeetingInfo', { meetingID: 'd-1' })
      return r.running === 'false' ? r : undefined
    })
    expect(info).toMatchObject({ hasBeenForciblyEnded: 'true', participantCount: '0' })
  })

  it('ends the meeting when no moderator is left (endWhenNoModerator)', async () => {
    dev = await startDev({ endedRetentionMs: 60_000 })
    await dev.call('create', { meetingID: 'n-1', name: 'Mods', endWhenNoModerator: true, endWhenNoModeratorDelayInMinutes: 0.002 })
    const mod = await simulate(dev, 'n-1', { role: 'MODERATOR', userID: 'mod-1' })
    await simulate(dev, 'n-1', { role: 'VIEWER' })
    expect(mod.status).toBe(201)
    await fetch(`${dev.url}dev/meetings/n-1/attendees/mod-1`, { method: 'DELETE' })
    await waitFor(async () => (await dev.call('getMeetingInfo', { meetingID: 'n-1' })).hasBeenForciblyEnded === 'true')
  })
})

describe('getMeetings and getMeetingInfo', () => {
  it('lists meetings with attendees, or noMeetings', async () => {
    dev = await startDev()
    expect(await dev.call('getMeetings')).toMatchObject({ returncode: 'SUCCESS', messageKey: 'noMeetings' })
    await dev.call('create', { meetingID: 'l-1', name: 'One' })
    await simulate(dev, 'l-1', { count: 3 })
    await simulate(dev, 'l-1', { role: 'MODERATOR', fullName: 'Mo & Co <b>' })
    const info = await dev.call('getMeetingInfo', { meetingID: 'l-1' })
    expect(info).toMatchObject({ participantCount: '4', moderatorCount: '1', running: 'true', hasUserJoined: 'true' })
    expect(info.attendees.attendee.map((a: Loose) => a.fullName)).toContain('Mo & Co <b>')
    const all = await dev.call('getMeetings')
    expect(all.meetings.meeting.meetingID).toBe('l-1')
  })
})

describe('recordings', () => {
  it('turns an ended recorded meeting into a published recording with a playback page', async () => {
    dev = await startDev()
    const created = await dev.call('create', { meetingID: 'r-1', name: 'Rec', record: true, 'meta_bbb-context': 'space-9' })
    await simulate(dev, 'r-1')
    await dev.call('end', { meetingID: 'r-1' })
    const recs = await waitFor(async () => {
      const r = await dev.call('getRecordings', { meetingID: 'r-1' })
      return r.recordings?.recording ? r : undefined
    })
    const rec = recs.recordings.recording
    expect(rec).toMatchObject({ recordID: created.internalMeetingID, meetingID: 'r-1', published: 'true', state: 'published' })
    expect(rec.metadata['bbb-context']).toBe('space-9')
    const page = await fetch(rec.playback.format.url)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Rec')
  })

  it('filters, publishes, updates and deletes recordings', async () => {
    dev = await startDev()
    const ids: string[] = []
    for (const [id, ctx] of [['r-a', 'one'], ['r-b', 'two']]) {
      ids.push((await dev.call('create', { meetingID: id!, name: id!, record: true, meta_ctx: ctx! })).internalMeetingID)
      await simulate(dev, id!)
      await dev.call('end', { meetingID: id! })
    }
    await waitFor(() => (dev.dev.state.recordings.size === 2 ? true : undefined))
    expect((await dev.call('getRecordings')).recordings.recording).toHaveLength(2)
    expect((await dev.call('getRecordings', { meta_ctx: 'two' })).recordings.recording.meetingID).toBe('r-b')
    expect((await dev.call('getRecordings', { recordID: ids[0]!.slice(0, 20) })).recordings.recording.meetingID).toBe('r-a')
    expect((await dev.call('getRecordings', { limit: 1, offset: 1 })).recordings.recording.meetingID).toBe('r-b')
    expect(await dev.call('publishRecordings', { recordID: ids[0]!, publish: false })).toMatchObject({ published: 'false' })
    expect((await dev.call('getRecordings', { recordID: ids[0]! })).recordings.recording.state).toBe('unpublished')
    expect((await dev.call('getRecordings', { state: 'published' })).recordings.recording.meetingID).toBe('r-b')
    expect(await dev.call('updateRecordings', { recordID: ids[1]!, meta_ctx: '', meta_extra: 'yes' })).toMatchObject({ updated: 'true' })
    expect((await dev.call('getRecordings', { recordID: ids[1]! })).recordings.recording.metadata.extra).toBe('yes')
    expect(await dev.call('deleteRecordings', { recordID: ids[1]! })).toMatchObject({ deleted: 'true' })
    expect((await dev.call('getRecordings', { meetingID: 'r-b' })).messageKey).toBe('noRecordings')
    expect((await dev.call('getRecordings', { meetingID: 'r-b', state: 'deleted' })).recordings.recording.state).toBe('deleted')
    expect(await dev.call('publishRecordings', { recordID: 'missing', publish: true })).toMatchObject({ messageKey: 'notFound' })
    expect(await dev.call('deleteRecordings', {})).toMatchObject({ messageKey: 'missingParamRecordID' })
  })
})

describe('insertDocument and sendChatMessage', () => {
  it('accepts an XML body and refuses other content types', async () => {
    dev = await startDev()
    await dev.call('create', { meetingID: 'doc-1', name: 'Docs' })
    const body = '<modules><module name="presentation"><document url="https://x/y.pdf" filename="y.pdf"/></module></modules>'
    const ok = await fetch(dev.signed('insertDocument', { meetingID: 'doc-1' }), { method: 'POST', headers: { 'content-type': 'application/xml' }, body })
    expect(await ok.text()).toContain('<returncode>SUCCESS</returncode>')
    const form = await fetch(dev.signed('insertDocument', { meetingID: 'doc-1' }), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=b',
    })
    expect(await form.text()).toContain('<messageKey>unsupportedContentType</messageKey>')
    const missing = await fetch(dev.signed('insertDocument', { meetingID: 'doc-x' }), { method: 'POST', headers: { 'content-type': 'text/xml' }, body })
    expect(await missing.text()).toContain('<messageKey>notFound</messageKey>')
    expect(dev.dev.state.meetings.get('doc-1')!.documents).toBe(1)
  })

  it('sends chat only to a running meeting', async () => {
    dev = await startDev()
    await dev.call('create', { meetingID: 'chat-1', name: 'Chat' })
    expect(await dev.call('sendChatMessage', { meetingID: 'chat-1', message: 'hi' })).toMatchObject({ messageKey: 'meetingNotFound' })
    await simulate(dev, 'chat-1')
    expect((await dev.call('sendChatMessage', { meetingID: 'chat-1', message: 'hi' })).returncode).toBe('SUCCESS')
  })
})

describe('end, as bbb-web answers it', () => {
  it('accepts a second end while the first is under way, then forgets the meeting', async () => {
    dev = await startDev({ endDelayMs: 2000 })
    await dev.call('create', { meetingID: 'twice', name: 'Twice' })
    expect(await dev.call('end', { meetingID: 'twice' })).toMatchObject({ returncode: 'SUCCESS', messageKey: 'sentEndMeetingRequest' })
    expect(await dev.call('end', { meetingID: 'twice' })).toMatchObject({ returncode: 'SUCCESS', messageKey: 'sentEndMeetingRequest' })
    await waitFor(async () => (await dev.call('getMeetingInfo', { meetingID: 'twice' })).messageKey === 'notFound')
    expect((await dev.call('getMeetings')).messageKey).toBe('noMeetings')
    expect(await dev.call('end', { meetingID: 'twice' })).toMatchObject({ returncode: 'FAILED', messageKey: 'notFound' })
  })
})

describe('disabledFeatures', () => {
  const body = '<modules><module name="presentation"><document url="https://x/y.pdf" filename="y.pdf"/></module></modules>'
  const insert = (meetingID: string) =>
    fetch(dev.signed('insertDocument', { meetingID }), { method: 'POST', headers: { 'content-type': 'application/xml' }, body })

  it('refuses insertDocument and ignores pre-uploaded documents when presentation is disabled', async () => {
    dev = await startDev()
    const created = await fetch(dev.signed('create', { meetingID: 'np-1', name: 'No slides', disabledFeatures: 'chat,presentation' }), {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body,
    })
    expect(await created.text()).toContain('<returncode>SUCCESS</returncode>')
    const refused = await parseXml(await (await insert('np-1')).text())
    expect(refused).toMatchObject({ returncode: 'FAILED', messageKey: 'presentationDisabled' })
    expect(dev.dev.state.meetings.get('np-1')!.documents).toBe(0)
  })

  it('accepts insertDocument when presentation is re-enabled by disabledFeaturesExclude', async () => {
    dev = await startDev()
    await dev.call('create', { meetingID: 'np-2', name: 'Slides', disabledFeatures: 'presentation', disabledFeaturesExclude: 'presentation' })
    expect(await parseXml(await (await insert('np-2')).text())).toMatchObject({ returncode: 'SUCCESS' })
    expect(dev.dev.state.meetings.get('np-2')!.documents).toBe(1)
  })
})

describe('session calls: getJoinUrl, learningDashboard, getSessions', () => {
  async function enter(meetingID: string, fullName: string, role: string, userID: string): Promise<string> {
    const joined = await dev.call('join', { meetingID, fullName, role, userID, redirect: false })
    expect(joined.returncode).toBe('SUCCESS')
    await fetch(`${dev.url}client/heartbeat?sessionToken=${joined.session_token}`, { method: 'POST' })
    return joined.session_token
  }
  const json = async (call: string, params: Record<string, string>) => {
    const res = await fetch(dev.signed(call, params))
    expect(res.headers.get('content-type')).toContain('application/json')
    return ((await res.json()) as { response: Loose }).response
  }

  it('getJoinUrl hands a running session a fresh sha1-signed join URL for the same user, in JSON', async () => {
    dev = await startDev()
    await dev.call('create', { meetingID: 'gj-1', name: 'Join again' })
    const token = await enter('gj-1', 'Zoë Ünal', 'MODERATOR', 'u-42')
    const answer = await json('getJoinUrl', { sessionToken: token })
    expect(answer).toMatchObject({ returncode: 'SUCCESS', message: 'Join URL provided successfully.' })
    const url = new URL(answer.url)
    expect(url.origin + url.pathname).toBe(`${dev.url}api/join`)
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ fullName: 'Zoë Ünal', meetingID: 'gj-1', role: 'MODERATOR', redirect: 'true', userID: 'u-42' })
    expect(url.searchParams.get('checksum')).toMatch(/^[0-9a-f]{40}$/)
    const followed = await fetch(answer.url, { redirect: 'manual' })
    expect(followed.status).toBe(302)
    expect(followed.headers.get('location')).toContain(`${dev.url}client?sessionToken=`)
  })

  it('getJoinUrl refuses an unknown session and a bad checksum in JSON, without a messageKey', async () => {
    dev = await startDev()
    expect(await json('getJoinUrl', { sessionToken: 'nope' })).toEqual({ returncode: 'FAILED', message: 'Invalid Session', sessionToken: 'nope' })
    const unsigned = await fetch(`${dev.url}api/getJoinUrl?sessionToken=nope&checksum=${'0'.repeat(40)}`)
    expect(((await unsigned.json()) as { response: Loose }).response).toMatchObject({ returncode: 'FAILED' })
  })

  it('learningDashboard gives a moderator the activity data, refuses viewers and a meeting that disabled it', async () => {
    dev = await startDev()
    await dev.call('create', { meetingID: 'ld-1', name: 'Dashboard' })
    const mod = await enter('ld-1', 'Ann', 'MODERATOR', 'ann')
    const viewer = await enter('ld-1', 'Bob', 'VIEWER', 'bob')
    const answer = await json('learningDashboard', { sessionToken: mod })
    expect(answer.returncode).toBe('SUCCESS')
    const data = JSON.parse(answer.data as string)
    expect(data).toMatchObject({ extId: 'ld-1', name: 'Dashboard' })
    expect(Object.keys(data.users).sort()).toEqual(['ann', 'bob'])
    expect(await json('learningDashboard', { sessionToken: viewer })).toEqual({ returncode: 'FAILED', message: 'Access denied', sessionToken: viewer })
    await dev.call('create', { meetingID: 'ld-2', name: 'No dashboard', disabledFeatures: 'learningDashboard' })
    const other = await enter('ld-2', 'Cy', 'MODERATOR', 'cy')
    expect(await json('learningDashboard', { sessionToken: other })).toEqual({
      returncode: 'FAILED',
      message: 'Learning Dashboard disabled for this meeting',
      sessionToken: other,
    })
  })

  it('getSessions lists sessions in XML, or noSessions', async () => {
    dev = await startDev()
    expect(await dev.call('getSessions')).toMatchObject({ returncode: 'SUCCESS', messageKey: 'noSessions' })
    const created = await dev.call('create', { meetingID: 'gs-1', name: 'Sessions' })
    await enter('gs-1', 'Ann', 'MODERATOR', 'ann')
    expect((await dev.call('getSessions')).sessions.meeting).toEqual({
      meetingID: created.internalMeetingID,
      meetingName: 'Sessions',
      userName: 'Ann',
    })
  })

  it('answers a call bbb-web does not know with HTTP 404, not an API document', async () => {
    dev = await startDev()
    for (const call of ['noSuchCall', 'constructor', 'toString']) {
      const res = await fetch(dev.signed(call, { meetingID: 'x' }))
      expect(res.status).toBe(404)
      expect(await res.text()).not.toContain('<response>')
    }
  })
})

describe('errorRedirectUrl (no open redirect)', () => {
  it('never redirects an unsigned or wrongly signed join to its errorRedirectUrl', async () => {
    dev = await startDev()
    const query = new URLSearchParams({ meetingID: 'r-1', fullName: 'X', role: 'VIEWER', errorRedirectUrl: 'https://evil.example/phish' })
    for (const suffix of ['', `&checksum=${'a'.repeat(64)}`]) {
      const res = await fetch(`${dev.url}api/join?${query}${suffix}`, { redirect: 'manual' })
      expect(res.status).toBe(302)
      const location = new URL(res.headers.get('location')!)
      expect(location.href.startsWith(dev.url)).toBe(true)
      expect(JSON.parse(location.searchParams.get('errors')!)[0].key).toBe('checksumError')
    }
  })

  it('redirects a signed join only to an http(s) errorRedirectUrl, else to the logoutURL', async () => {
    dev = await startDev()
    await dev.call('create', { meetingID: 'r-2', name: 'R', logoutURL: 'https://app.example/left' })
    for (const target of ['javascript:alert(1)', 'data:text/html,hi', '//evil.example/x', 'ftp://evil.example/']) {
      const res = await fetch(dev.signed('join', { meetingID: 'r-2', fullName: 'X', password: 'bad', errorRedirectUrl: target }), { redirect: 'manual' })
      expect(res.headers.get('location')!.startsWith('https://app.example/left?errors=')).toBe(true)
    }
    const ok = await fetch(dev.signed('join', { meetingID: 'r-2', fullName: 'X', password: 'bad', errorRedirectUrl: 'http://app.example/err' }), {
      redirect: 'manual',
    })
    expect(ok.headers.get('location')!.startsWith('http://app.example/err?errors=')).toBe(true)
  })
})
