import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../server/config.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SECRET = 'w'.repeat(40)
const PRODUCTION = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://meet.example.org',
  BIGBLUEBUTTON_ENDPOINT: 'https://bbb.example.org/bigbluebutton/',
  BIGBLUEBUTTON_SECRET: 's'.repeat(40),
  HOST_JWT_SECRET: 'h'.repeat(40),
}

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env)
    return []
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
}

describe('HOST_WEBHOOK_URL and HOST_WEBHOOK_SECRET', () => {
  it('are off when neither is set, and read together', () => {
    expect(loadConfig({}).hostWebhook).toBeNull()
    expect(loadConfig({ HOST_WEBHOOK_URL: 'http://127.0.0.1:9/hook', HOST_WEBHOOK_SECRET: SECRET }).hostWebhook).toEqual({
      url: 'http://127.0.0.1:9/hook',
      secret: SECRET,
    })
    expect(loadConfig({ ...PRODUCTION, HOST_WEBHOOK_URL: 'https://exo.example.org/rest/bbb/events', HOST_WEBHOOK_SECRET: SECRET }).hostWebhook?.url).toBe(
      'https://exo.example.org/rest/bbb/events',
    )
  })

  it('refuses one without the other, a short secret, a garbled URL, credentials in it, or http in production, one line each', () => {
    expect(problems({ HOST_WEBHOOK_URL: 'https://exo.example.org/hook' })).toEqual([
      'HOST_WEBHOOK_URL is set but HOST_WEBHOOK_SECRET is not (set both, or neither)',
    ])
    expect(problems({ HOST_WEBHOOK_SECRET: SECRET })).toEqual(['HOST_WEBHOOK_SECRET is set but HOST_WEBHOOK_URL is not (set both, or neither)'])
    expect(problems({ HOST_WEBHOOK_URL: 'https://exo.example.org/hook', HOST_WEBHOOK_SECRET: 'short' })).toEqual([
      'HOST_WEBHOOK_SECRET must be at least 32 characters',
    ])
    expect(problems({ HOST_WEBHOOK_URL: 'exo.example.org/hook', HOST_WEBHOOK_SECRET: SECRET })).toEqual([
      'HOST_WEBHOOK_URL must be an http or https URL (got "exo.example.org/hook")',
    ])
    expect(problems({ HOST_WEBHOOK_URL: 'ftp://exo.example.org/hook', HOST_WEBHOOK_SECRET: SECRET })).toHaveLength(1)
    expect(problems({ HOST_WEBHOOK_URL: 'https://bot:pw@exo.example.org/hook', HOST_WEBHOOK_SECRET: SECRET })).toEqual([
      'HOST_WEBHOOK_URL must not carry a user or password (the signature authenticates the service)',
    ])
    expect(problems({ ...PRODUCTION, HOST_WEBHOOK_URL: 'http://exo.example.org/hook', HOST_WEBHOOK_SECRET: SECRET })).toEqual([
      'HOST_WEBHOOK_URL must be an https:// address in production',
    ])
    // every problem at once, never the secret itself
    const all = problems({ ...PRODUCTION, HOST_WEBHOOK_URL: 'http://u:p@exo.example.org/hook', HOST_WEBHOOK_SECRET: 'tiny-secret' })
    expect(all).toHaveLength(3)
    expect(all.join('\n')).not.toContain('tiny-secret')
  })

  it('stops the service at start with one clear line when only the URL is left over', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: '0', DATABASE_URL: 'sqlite::memory:', HOST_WEBHOOK_URL: 'https://exo.example.org/hook' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += String(d)))
    child.stderr.on('data', (d) => (stderr += String(d)))
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    clearTimeout(killer)
    expect(code).toBe(1)
    expect(stdout).not.toContain('listening')
    expect(stderr.trim().split('\n')).toEqual(['bbb-spaces: HOST_WEBHOOK_URL is set but HOST_WEBHOOK_SECRET is not (set both, or neither)'])
  }, 30_000)
})
