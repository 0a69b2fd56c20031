import { createHmac } from 'node:crypto'
import { SignJWT, UnsecuredJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { createHostTokenVerifier } from '../../server/auth/host-jwt.js'
import { tokenRefusal } from '../helpers/token-refusal.js'

// HS256 host tokens are checked with node:crypto rather than through jose (issue 21): the same tokens must pass and
// the same forgeries fail, with the same reasons.
const SECRET = new TextEncoder().encode('k'.repeat(40))
const NOW = Date.UTC(2026, 0, 15, 9, 0, 0)
const s = Math.floor(NOW / 1000)
const verify = createHostTokenVerifier({ secret: SECRET, clock: { now: () => NOW }, issuer: 'https://exo.example', audience: 'bbb-spaces' })

const claims = { name: 'Alice', spaces: { team: 'member' } }
function signed(header: Record<string, unknown> = {}, edit: (jwt: SignJWT) => SignJWT = (j) => j, secret = SECRET): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...header } as { alg: string })
    .setSubject('alice')
    .setIssuer('https://exo.example')
    .setAudience('bbb-spaces')
    .setIssuedAt(s - 60)
    .setExpirationTime(s + 600)
  return edit(jwt).sign(secret)
}

const reasonOf = (t: string) => tokenRefusal(verify, t)

describe('HS256 host tokens', () => {
  it('accepts a well-signed token and gives its principal', async () => {
    const principal = await verify(await signed())
    expect(principal).toMatchObject({ sub: 'alice', name: 'Alice', spaces: { team: 'member' }, external: false })
  })

  it('refuses another key, another algorithm, an unsigned token and headers it does not understand', async () => {
    expect(await reasonOf(await signed({}, (j) => j, new TextEncoder().encode('x'.repeat(40))))).toBe('bad signature')
    expect(await reasonOf(await signed({ alg: 'HS512' }))).toBe('algorithm not allowed')
    const none = new UnsecuredJWT(claims).setSubject('alice').setExpirationTime(s + 600).encode()
    expect(await reasonOf(none)).toBe('algorithm not allowed')
    // jose refuses to sign a header it does not understand: made by hand.
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    const body = part({ ...claims, sub: 'alice', iss: 'https://exo.example', aud: 'bbb-spaces', exp: s + 600 })
    const byHand = (header: object) => {
      const head = part(header)
      return `${head}.${body}.${createHmac('sha256', SECRET).update(`${head}.${body}`).digest('base64url')}`
    }
    expect(await reasonOf(byHand({ alg: 'HS256' }))).toBeNull()
    expect(await reasonOf(byHand({ alg: 'HS256', crit: ['x-custom'], 'x-custom': 1 }))).toBe('malformed token')
    expect(await reasonOf(byHand({ alg: 'HS256', b64: false, crit: ['b64'] }))).toBe('malformed token')
  })

  it('refuses every altered character of the signature, and altered claims', async () => {
    const t = await signed()
    const [head, body, sig] = t.split('.') as [string, string, string]
    for (let i = 0; i < sig.length; i++) {
      const other = sig[i] === 'A' ? 'B' : 'A'
      expect(await reasonOf(`${head}.${body}.${sig.slice(0, i)}${other}${sig.slice(i + 1)}`)).toBe('bad signature')
    }
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), admin: true })).toString('base64url')
    expect(await reasonOf(`${head}.${forged}.${sig}`)).toBe('bad signature')
    expect(await reasonOf(`${head}.${body}`)).toBe('malformed token')
    expect(await reasonOf(`${head}.${body}.${sig}.x`)).toBe('malformed token')
    expect(await reasonOf(`${head}.${body}.${sig}=`)).toBe('malformed token')
  })

  it('checks expiry, not-before, issuer, audience and the subject', async () => {
    expect(await reasonOf(await signed({}, (j) => j.setExpirationTime(s - 31)))).toBe('expired')
    expect(await reasonOf(await signed({}, (j) => j.setExpirationTime(s - 10)))).toBeNull()
    expect(await reasonOf(await signed({}, (j) => j.setNotBefore(s + 120)))).toMatch(/nbf/)
    expect(await reasonOf(await signed({}, (j) => j.setIssuer('https://elsewhere.example')))).toMatch(/iss/)
    expect(await reasonOf(await signed({}, (j) => j.setAudience(['other', 'bbb-spaces'])))).toBeNull()
    expect(await reasonOf(await signed({}, (j) => j.setAudience('other')))).toMatch(/aud/)
    const noSubject = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('https://exo.example').setAudience('bbb-spaces').setExpirationTime(s + 600).sign(SECRET)
    expect(await reasonOf(noSubject)).toMatch(/sub/)
    const noExpiry = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setIssuer('https://exo.example').setAudience('bbb-spaces').sign(SECRET)
    expect(await reasonOf(noExpiry)).toMatch(/exp/)
  })
})
