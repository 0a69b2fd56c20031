import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checksum } from '../../server/bbb/checksum.js'
import { parseXml, startDev, type Dev, type Loose } from './helpers.js'

let dev: Dev
let sha1Only: Dev
beforeAll(async () => {
  dev = await startDev()
  sha1Only = await startDev({ algorithms: ['sha1'] })
})
afterAll(async () => {
  await dev.close()
  await sha1Only.close()
})

const QUERY = 'name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444'

async function get(d: Dev, path: string): Promise<Record<string, Loose>> {
  return parseXml(await (await fetch(d.url + path)).text())
}

describe('checksum validation like bbb-web', () => {
  for (const algorithm of ['sha1', 'sha256', 'sha384', 'sha512'] as const) {
    it(`accepts a create signed with ${algorithm}`, async () => {
      const q = QUERY.replace('abc123', `abc-${algorithm}`)
      const sum = checksum('create', q, dev.secret, algorithm)
      const r = await get(dev, `api/create?${q}&checksum=${sum}`)
      expect(r.returncode).toBe('SUCCESS')
      expect(r.meetingID).toBe(`abc-${algorithm}`)
    })
  }

  it('accepts upper-case hex and a checksum that is not the last parameter', async () => {
    const sum = checksum('getMeetings', '', dev.secret, 'sha1').toUpperCase()
    expect((await get(dev, `api/getMeetings?checksum=${sum}`)).returncode).toBe('SUCCESS')
    const q = 'meetingID=abc-sha1'
    const sum2 = checksum('isMeetingRunning', q, dev.secret, 'sha256')
    expect((await get(dev, `api/isMeetingRunning?checksum=${sum2}&${q}`)).returncode).toBe('SUCCESS')
  })

  it('hashes the raw query, so %20 and + are both fine when signed as sent', async () => {
    const q = 'name=Two%20Words&meetingID=raw-encoding'
    const r = await get(dev, `api/create?${q}&checksum=${checksum('create', q, dev.secret, 'sha256')}`)
    expect(r.returncode).toBe('SUCCESS')
    const info = await dev.call('getMeetingInfo', { meetingID: 'raw-encoding' })
    expect(info.meetingName).toBe('Two Words')
  })

  it('rejects an algorithm outside the allow-list with checksumError', async () => {
    const q = 'meetingID=x1'
    const ok = await get(sha1Only, `api/isMeetingRunning?${q}&checksum=${checksum('isMeetingRunning', q, sha1Only.secret, 'sha1')}`)
    expect(ok.returncode).toBe('SUCCESS')
    const r = await get(sha1Only, `api/isMeetingRunning?${q}&checksum=${checksum('isMeetingRunning', q, sha1Only.secret, 'sha256')}`)
    expect(r).toMatchObject({ returncode: 'FAILED', messageKey: 'checksumError' })
  })

  it('rejects a tampered query, a wrong secret, a missing or repeated checksum, an odd length', async () => {
    const sum = checksum('create', QUERY, dev.secret, 'sha256')
    const tampered = await get(dev, `api/create?${QUERY.replace('111222', '111223')}&checksum=${sum}`)
    const wrongSecret = await get(dev, `api/create?${QUERY}&checksum=${checksum('create', QUERY, 'other', 'sha256')}`)
    const missing = await get(dev, `api/create?${QUERY}`)
    const repeated = await get(dev, `api/create?${QUERY}&checksum=${sum}&checksum=${sum}`)
    const oddLength = await get(dev, `api/create?${QUERY}&checksum=${sum.slice(1)}`)
    const otherCall = await get(dev, `api/join?${QUERY}&checksum=${sum}&redirect=false`)
    for (const r of [tampered, wrongSecret, missing, repeated, oddLength, otherCall]) {
      expect(r).toMatchObject({ returncode: 'FAILED', messageKey: 'checksumError' })
    }
    const res = await fetch(dev.url + `api/create?${QUERY}`)
    expect(res.status).toBe(200)
  })

  it('does not cover a POST body: the checksum is over the query string only', async () => {
    const sum = createHash('sha256').update('create' + dev.secret).digest('hex')
    const res = await fetch(dev.url + `api/create?checksum=${sum}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'meetingID=posted-body&name=Posted',
    })
    const r = await parseXml(await res.text())
    expect(r).toMatchObject({ returncode: 'SUCCESS', meetingID: 'posted-body' })
  })

  it('rejects a parameter both in the URL and in the body, and an unsupported POST content type', async () => {
    const q = 'meetingID=clash1'
    const base = dev.url
    const clash = await fetch(`${base}api/create?${q}&checksum=${checksum('create', q, dev.secret)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'meetingID=clash2&name=Clash',
    })
    expect(await parseXml(await clash.text())).toMatchObject({ messageKey: 'checksumError' })
    const json = await fetch(`${base}api/create?${q}&checksum=${checksum('create', q, dev.secret)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"x"}',
    })
    expect(await parseXml(await json.text())).toMatchObject({ messageKey: 'unsupportedContentType' })
  })

  it('answers the API root without a checksum', async () => {
    const r = await get(dev, 'api')
    expect(r).toMatchObject({ returncode: 'SUCCESS', version: '2.0' })
  })
})
