import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { createHostTokenVerifier } from '../../server/auth/host-jwt.js'
import { tokenRefusal } from '../helpers/token-refusal.js'

const SECRET = new TextEncoder().encode('k'.repeat(40))
const NOW = Date.UTC(2026, 0, 15, 9, 0, 0)
const clock = { now: () => NOW }

async function token(claims: { iat?: number; exp: number }): Promise<string> {
  let jwt = new SignJWT({ name: 'Alice' }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject('alice').setExpirationTime(claims.exp)
  if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat)
  return jwt.sign(SECRET)
}

const reasonOf = tokenRefusal

const s = (ms: number) => Math.floor(ms / 1000)

describe('host token age', () => {
  const verify = createHostTokenVerifier({ secret: SECRET, clock })

  it('accepts a token issued a minute ago that expires in the hour', async () => {
    expect(await reasonOf(verify, await token({ iat: s(NOW) - 60, exp: s(NOW) + 3600 }))).toBeNull()
  })

  it('refuses a token issued in the future (beyond the 30 s skew), whatever its exp', async () => {
    expect(await reasonOf(verify, await token({ iat: s(NOW) + 3600, exp: s(NOW) + 7200 }))).toMatch(/iat/)
    expect(await reasonOf(verify, await token({ iat: s(NOW) + 20, exp: s(NOW) + 600 }))).toBeNull()
  })

  it('refuses a token older than HOST_JWT_MAX_AGE (1 h by default) even when its exp is years away', async () => {
    expect(await reasonOf(verify, await token({ iat: s(NOW) - 2 * 3600, exp: s(NOW) + 365 * 86400 }))).toMatch(/iat|too old/)
    const short = createHostTokenVerifier({ secret: SECRET, clock, maxAgeSeconds: 300 })
    expect(await reasonOf(short, await token({ iat: s(NOW) - 600, exp: s(NOW) + 600 }))).toMatch(/iat|too old/)
  })

  it('without iat, refuses a token whose exp is further away than the maximum age', async () => {
    expect(await reasonOf(verify, await token({ exp: s(NOW) + 365 * 86400 }))).toMatch(/exp|lifetime/)
    expect(await reasonOf(verify, await token({ exp: s(NOW) + 600 }))).toBeNull()
  })
})

describe('verified tokens remembered for their lifetime', () => {
  it('answers a repeated token without a new check, yet refuses it once expired or too old', async () => {
    let now = NOW
    const verify = createHostTokenVerifier({ secret: SECRET, clock: { now: () => now }, maxAgeSeconds: 3600 })
    const t = await token({ iat: s(NOW), exp: s(NOW) + 600 })
    const first = await verify(t)
    expect(await verify(t)).toBe(first)
    expect(Object.isFrozen(first)).toBe(true)
    now = NOW + 599_000
    expect(await reasonOf(verify, t)).toBeNull()
    now = NOW + 631_000 // past exp and the 30 s skew
    expect(await reasonOf(verify, t)).toBe('expired')

    const short = createHostTokenVerifier({ secret: SECRET, clock: { now: () => now }, maxAgeSeconds: 300 })
    const long = await token({ iat: s(NOW), exp: s(NOW) + 600 })
    now = NOW
    expect(await reasonOf(short, long)).toBeNull()
    now = NOW + 400_000 // its exp is still ahead, but it is older than the maximum age (300 s + 30 s skew)
    expect(await reasonOf(short, long)).toMatch(/too old/)
  })

  it('never takes a token with an altered signature for the remembered one', async () => {
    const verify = createHostTokenVerifier({ secret: SECRET, clock })
    const t = await token({ iat: s(NOW), exp: s(NOW) + 600 })
    await verify(t)
    const last = t.at(-2) === 'A' ? 'B' : 'A'
    const altered = `${t.slice(0, -2)}${last}${t.at(-1)}`
    expect(await reasonOf(verify, altered)).toMatch(/signature|malformed/)
  })
})
