import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  parseWebhookEvents,
  verifyRecordingReadyJwt,
  verifyWebhookChecksum,
  webhookChecksum,
} from '../../server/bbb/callbacks.js'

// Computed outside Node with `printf '%s' "$URL$BODY$SECRET" | sha1sum` (and sha256sum).
const HOOK = {
  callbackUrl: 'https://app.example.com/bbb/webhook?room=r1',
  rawBody:
    'domain=bbb.example.com&event=%5B%7B%22data%22%3A%7B%22id%22%3A%22meeting-ended%22%7D%7D%5D&timestamp=1532718316953',
  secret: 'mysharedsecret',
  sha1: 'fee76b661fcd91dd539033584fbdde0765c4100c',
  sha256: '9fd98e6b1adc5f4d7e43a877f3eb3a6cc8707c8e941b3058536c41d5b795b890',
}

// BBB-NOTES §4.2: HS256, header {"alg":"HS256"} (no typ), no exp.
const RECORDING_SECRET = '639259d4-9dd8-4b25-bf01-95f9567eaf4b'
const RECORDING_TOKEN =
  'eyJhbGciOiJIUzI1NiJ9.eyJtZWV0aW5nX2lkIjoidGVzdDAxIiwicmVjb3JkX2lkIjoiZmZiZmM0Y2MyNDQyODY5NGU4YjUzYTRlMTQ0ZjQxNDA1MjQzMTY5My0xNTMwNzE4NzIxMTI0In0.8vrkWVtZmHoCWLO1MCCWCUtReTqQe_4TIeDszN_ZWo8'

describe('bbb-webhooks callback checksum', () => {
  it('computes H(callbackURL + rawBody + secret), sha1 by default', () => {
    expect(webhookChecksum(HOOK)).toBe(HOOK.sha1)
    expect(webhookChecksum({ ...HOOK, algorithm: 'sha256' })).toBe(HOOK.sha256)
  })

  it('accepts sha1 and sha256 checksums, picking the algorithm from the length, in any case', () => {
    expect(verifyWebhookChecksum({ ...HOOK, checksum: HOOK.sha1 })).toBe(true)
    expect(verifyWebhookChecksum({ ...HOOK, checksum: HOOK.sha256 })).toBe(true)
    expect(verifyWebhookChecksum({ ...HOOK, checksum: HOOK.sha1.toUpperCase() })).toBe(true)
  })

  it('ignores the checksum pair the callback URL arrives with', () => {
    const delivered = `${HOOK.callbackUrl}&checksum=${HOOK.sha1}`
    expect(verifyWebhookChecksum({ ...HOOK, callbackUrl: delivered, checksum: HOOK.sha1 })).toBe(true)
  })

  it('rejects a tampered body, a wrong secret, another URL, a missing or odd-length checksum', () => {
    expect(verifyWebhookChecksum({ ...HOOK, rawBody: HOOK.rawBody.replace('1532718316953', '1532718316954'), checksum: HOOK.sha1 })).toBe(false)
    expect(verifyWebhookChecksum({ ...HOOK, secret: 'other', checksum: HOOK.sha1 })).toBe(false)
    expect(verifyWebhookChecksum({ ...HOOK, callbackUrl: 'https://app.example.com/bbb/webhook', checksum: HOOK.sha1 })).toBe(false)
    expect(verifyWebhookChecksum({ ...HOOK, checksum: undefined })).toBe(false)
    expect(verifyWebhookChecksum({ ...HOOK, checksum: HOOK.sha1.slice(1) })).toBe(false)
  })
})

describe('recording-ready JWT', () => {
  it('verifies the documented HS256 token without typ or exp', async () => {
    await expect(verifyRecordingReadyJwt(RECORDING_TOKEN, [RECORDING_SECRET])).resolves.toEqual({
      meetingId: 'test01',
      recordId: 'ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124',
    })
  })

  it('tries every configured secret (Scalelite rotates them)', async () => {
    await expect(verifyRecordingReadyJwt(RECORDING_TOKEN, ['old-secret', RECORDING_SECRET])).resolves.toMatchObject({
      meetingId: 'test01',
    })
  })

  it('accepts HS512 (Scalelite with only SHA512)', async () => {
    const token = await new SignJWT({ meeting_id: 'm-512', record_id: 'r-512' })
      .setProtectedHeader({ alg: 'HS512' })
      .sign(new TextEncoder().encode(RECORDING_SECRET))
    await expect(verifyRecordingReadyJwt(token, [RECORDING_SECRET])).resolves.toEqual({ meetingId: 'm-512', recordId: 'r-512' })
  })

  it('rejects a token signed with another secret, with reason signature', async () => {
    await expect(verifyRecordingReadyJwt(RECORDING_TOKEN, ['wrong'])).rejects.toMatchObject({
      code: 'invalid_callback',
      reason: 'signature',
    })
  })

  it('rejects an unsigned token', async () => {
    const [, payload] = RECORDING_TOKEN.split('.')
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`
    await expect(verifyRecordingReadyJwt(none, [RECORDING_SECRET])).rejects.toMatchObject({ reason: 'signature' })
  })

  it('rejects a well-signed token without the ids, with reason payload', async () => {
    const token = await new SignJWT({ meeting_id: 'only-meeting' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(RECORDING_SECRET))
    await expect(verifyRecordingReadyJwt(token, [RECORDING_SECRET])).rejects.toMatchObject({ reason: 'payload' })
  })
})

describe('webhook event field', () => {
  it('rejects an event field that is not JSON', () => {
    expect(() => parseWebhookEvents('not json')).toThrow(expect.objectContaining({ code: 'invalid_callback' }))
  })

  it('reads a decoded form body from a real callback', () => {
    const event = new URLSearchParams(HOOK.rawBody).get('event')!
    expect(parseWebhookEvents(event).map((e) => e.data.id)).toEqual(['meeting-ended'])
  })
})
