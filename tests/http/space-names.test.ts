import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from '../helpers/service.js'

// Issue 15: "team-alpha — meeting room", in English even in French, reached the BBB client, the .ics and the
// admin table. A host token's `spaceNames` claim gives the space's display name: the default room is named after
// it in the token's language, the same name reaches BBB's create, and the link page shows the space's name.

const SPACE = 'team-names'
let t: TestService

beforeAll(async () => {
  t = await startTestService()
})

afterAll(async () => {
  await t?.close()
})

describe('space display names', () => {
  it('names the default room after the space in French, without the slug, up to the BBB client and the link page', async () => {
    const token = await t.mintToken({ sub: 'lea', name: 'Léa Martin', locale: 'fr', spaces: { [SPACE]: 'manager' }, spaceNames: { [SPACE]: 'Équipe Noms' } })
    const list = await request(t.url).get(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${token}`)
    expect(list.status).toBe(200)
    const room = list.body.rooms[0] as { id: string; name: string; link: string }
    expect(room.name).toBe('Équipe Noms — salle de réunion')
    expect(room.name).not.toContain(SPACE)

    const joined = await request(t.url).post(`/api/v1/rooms/${room.id}/join`).set('Authorization', `Bearer ${token}`)
    expect(joined.status).toBe(200)
    const landed = await fetch(joined.body.joinUrl as string, { redirect: 'manual' })
    const sessionToken = new URL(landed.headers.get('location')!).searchParams.get('sessionToken')
    const state = (await (await fetch(new URL(`client/state?sessionToken=${sessionToken}`, t.bbbUrl))).json()) as { meeting: { name: string } }
    expect(state.meeting.name).toBe('Équipe Noms — salle de réunion')

    const page = await request(t.url).get(`/r/${room.id}?lang=fr`)
    expect(page.text).toContain('<span>Équipe Noms</span>')
    expect(page.text).toContain('"spaceName":"Équipe Noms"')
  })

  it('renames a slug-named default room when a token first gives the name, and not a room a manager renamed', async () => {
    const space = 'team-legacy'
    const plain = await t.mintToken({ sub: 'bob', name: 'Bob', spaces: { [space]: 'manager', 'team-kept': 'manager' } })
    const before = await request(t.url).get(`/api/v1/spaces/${space}/rooms`).set('Authorization', `Bearer ${plain}`)
    // Without a display name: a localized name, never the slug.
    expect(before.body.rooms[0].name).toBe('Meeting room')
    // A room of 0.1, named from its slug.
    await t.store.updateRoom(before.body.rooms[0].id as string, { name: `${space} — meeting room` }, Date.now())

    const kept = await request(t.url).get('/api/v1/spaces/team-kept/rooms').set('Authorization', `Bearer ${plain}`)
    const keptId = kept.body.rooms[0].id as string
    expect((await request(t.url).patch(`/api/v1/rooms/${keptId}`).set('Authorization', `Bearer ${plain}`).send({ name: 'Notre salle' })).status).toBe(200)

    const named = await t.mintToken({ sub: 'bob', name: 'Bob', locale: 'en', spaces: { [space]: 'manager', 'team-kept': 'manager' }, spaceNames: { [space]: 'Legacy Team', 'team-kept': 'Kept Team' } })
    const after = await request(t.url).get(`/api/v1/spaces/${space}/rooms`).set('Authorization', `Bearer ${named}`)
    expect(after.body.rooms[0].name).toBe('Legacy Team — meeting room')
    const keptAfter = await request(t.url).get('/api/v1/spaces/team-kept/rooms').set('Authorization', `Bearer ${named}`)
    expect(keptAfter.body.rooms[0].name).toBe('Notre salle')
  })
})
