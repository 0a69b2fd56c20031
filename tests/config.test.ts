import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../server/config.js'

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems]
    throw err
  }
  return []
}

describe('configuration', () => {
  it('starts on the embedded defaults with no environment at all', () => {
    const config = loadConfig({})
    expect(config.port).toBe(8080)
    expect(config.databaseUrl).toBe('sqlite:data/bbb-spaces.sqlite')
    expect(config.bbb.endpoint).toBeNull()
    expect(config.bbb.secret).toMatch(/^[0-9a-f]{48}$/)
    expect(config.hostJwt.generated).toBe(true)
    expect(config.demo).toBe(true)
    expect(Object.isFrozen(config)).toBe(true)
  })

  it('lists every problem at once, one line each, naming the variable', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      BIGBLUEBUTTON_ENDPOINT: 'ftp://bbb',
      BIGBLUEBUTTON_CHECKSUM_ALGORITHM: 'md5',
      DATABASE_URL: 'mysql://x',
      HOST_JWT_SECRET: 'short',
      ALLOWED_ORIGINS: 'https://ok.example.org,not an origin',
    })
    expect(problems).toHaveLength(6)
    for (const name of ['PORT', 'BIGBLUEBUTTON_ENDPOINT', 'BIGBLUEBUTTON_CHECKSUM_ALGORITHM', 'DATABASE_URL', 'HOST_JWT_SECRET', 'ALLOWED_ORIGINS']) {
      expect(problems.some((p) => p.includes(name)), name).toBe(true)
    }
    expect(problems.every((p) => !p.includes('\n'))).toBe(true)
  })

  it('requires the secret with a BBB endpoint', () => {
    expect(problemsOf({ BIGBLUEBUTTON_ENDPOINT: 'https://bbb.example.org/bigbluebutton/' })).toEqual([
      'BIGBLUEBUTTON_SECRET is required with BIGBLUEBUTTON_ENDPOINT',
    ])
  })

  it('refuses production without a real BBB, host secret and https, and with the demo on', () => {
    const problems = problemsOf({ NODE_ENV: 'production', PUBLIC_URL: 'http://meet.example.org', DEMO: 'on' })
    expect(problems).toEqual(
      expect.arrayContaining([
        'PUBLIC_URL must be an https:// address in production',
        expect.stringContaining('BIGBLUEBUTTON_ENDPOINT is required in production'),
        'HOST_JWT_SECRET or HOST_JWKS_URL is required in production',
        'DEMO cannot be on in production',
      ]),
    )
  })

  it('accepts a complete production configuration, with the demo off by default', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://meet.example.org/',
      BIGBLUEBUTTON_ENDPOINT: 'https://bbb.example.org/bigbluebutton/',
      BIGBLUEBUTTON_SECRET: 'a-long-enough-bbb-secret-value',
      BIGBLUEBUTTON_CHECKSUM_ALGORITHM: 'SHA512',
      HOST_JWT_SECRET: 'x'.repeat(40),
      DATABASE_URL: 'postgres://bbb@db/bbb',
      ALLOWED_ORIGINS: 'https://intranet.example.org',
    })
    expect(config.publicUrl).toBe('https://meet.example.org')
    expect(config.demo).toBe(false)
    expect(config.bbb.algorithm).toBe('sha512')
    expect(config.allowedOrigins).toEqual(['https://intranet.example.org'])
  })
})

describe('docs/configuration.md', () => {
  it('documents every configuration variable, with the default and description config.ts gives', async () => {
    const { readFile } = await import('node:fs/promises')
    const { CONFIG_DOC } = await import('../server/config.js')
    const doc = await readFile(new URL('../docs/configuration.md', import.meta.url), 'utf8')
    for (const { env } of CONFIG_DOC) expect(doc, env).toContain(`| \`${env}\` |`)
    for (const c of CONFIG_DOC) expect(doc, c.env).toContain(`| \`${c.env}\` | ${c.default} | ${c.doc} |`)
  })
})

describe('HOST', () => {
  it('listens on loopback only outside production, on every address in production, unless set', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1')
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0')
    const production = {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://meet.example.org',
      BIGBLUEBUTTON_ENDPOINT: 'https://bbb.example.org/bigbluebutton/',
      BIGBLUEBUTTON_SECRET: 's'.repeat(40),
      HOST_JWT_SECRET: 'h'.repeat(40),
    }
    expect(loadConfig(production).host).toBe('0.0.0.0')
    expect(loadConfig({ ...production, HOST: '10.0.0.5' }).host).toBe('10.0.0.5')
  })
})

describe('demo mode', () => {
  it('is off by default once the platform secret is set, so nobody gets tokens signed with it', () => {
    expect(loadConfig({ HOST_JWT_SECRET: 'y'.repeat(40) }).demo).toBe(false)
    expect(loadConfig({}).demo).toBe(true)
    expect(loadConfig({ DEMO: 'on' }).demo).toBe(true)
  })

  it('refuses DEMO=on beside a real host secret or JWKS, in one line naming both', () => {
    // The demo would mint tokens, admin included, signed with the platform's real key.
    const withSecret = problemsOf({ HOST_JWT_SECRET: 'y'.repeat(40), DEMO: 'on' })
    expect(withSecret).toHaveLength(1)
    expect(withSecret[0]).toMatch(/DEMO.*HOST_JWT_SECRET/)
    const withJwks = problemsOf({ HOST_JWKS_URL: 'https://idp.example.org/jwks.json', DEMO: 'on' })
    expect(withJwks).toHaveLength(1)
    expect(withJwks[0]).toMatch(/DEMO.*HOST_JWKS_URL/)
  })
})

const PRODUCTION = {
  PUBLIC_URL: 'https://meet.example.org',
  BIGBLUEBUTTON_ENDPOINT: 'https://bbb.example.org/bigbluebutton/',
  BIGBLUEBUTTON_SECRET: 's'.repeat(40),
  HOST_JWT_SECRET: 'h'.repeat(40),
}

describe('NODE_ENV', () => {
  it('is read whatever its case and spaces, so "Production" is production (no demo, no development BBB)', () => {
    for (const value of ['Production', 'PRODUCTION', ' production ']) {
      const config = loadConfig({ ...PRODUCTION, NODE_ENV: value })
      expect(config.production, value).toBe(true)
      expect(config.nodeEnv).toBe('production')
      expect(config.demo).toBe(false)
    }
    expect(problemsOf({ NODE_ENV: 'Production' })).toEqual(
      expect.arrayContaining([expect.stringContaining('BIGBLUEBUTTON_ENDPOINT is required in production')]),
    )
  })

  it('requires an https BBB endpoint in production', () => {
    expect(problemsOf({ ...PRODUCTION, NODE_ENV: 'production', BIGBLUEBUTTON_ENDPOINT: 'http://bbb.example.org/bigbluebutton/' })).toEqual([
      'BIGBLUEBUTTON_ENDPOINT must be an https:// address in production',
    ])
    expect(loadConfig({ BIGBLUEBUTTON_ENDPOINT: 'http://127.0.0.1:9/bigbluebutton/', BIGBLUEBUTTON_SECRET: 's'.repeat(40) }).bbb.endpoint).toContain('http://')
  })
})

describe('HOST_JWT_MAX_AGE', () => {
  it('defaults to one hour, is read in seconds and bounded', () => {
    expect(loadConfig({}).hostJwt.maxAgeSeconds).toBe(3600)
    expect(loadConfig({ HOST_JWT_MAX_AGE: '600' }).hostJwt.maxAgeSeconds).toBe(600)
    expect(problemsOf({ HOST_JWT_MAX_AGE: '0' })).toEqual([expect.stringContaining('HOST_JWT_MAX_AGE')])
  })
})
