import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { checksum } from '../../server/bbb/checksum.js'
import { bbbDev } from '../../server/dev-bbb/cli.js'

describe('bbb-spaces bbb-dev', () => {
  it('prints exactly URL and Secret lines, serves the API, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['bin/bbb-spaces.js', 'bbb-dev', '--port', '0', '--secret', 'cli-secret', '--algorithms', 'sha1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (c) => (out += c))
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
    while (!out.includes('Secret:')) await new Promise((r) => setTimeout(r, 25))
    const lines = out.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^URL: http:\/\/127\.0\.0\.1:\d+\/bigbluebutton\/$/)
    expect(lines[1]).toBe('Secret: cli-secret')
    const url = lines[0]!.slice(5)
    const ok = await fetch(`${url}api/getMeetings?checksum=${checksum('getMeetings', '', 'cli-secret', 'sha1')}`)
    expect(await ok.text()).toContain('noMeetings')
    const refused = await fetch(`${url}api/getMeetings?checksum=${checksum('getMeetings', '', 'cli-secret', 'sha256')}`)
    expect(await refused.text()).toContain('checksumError')
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 20_000)

  it('refuses bad options with status 2', async () => {
    const err: string[] = []
    const io = { stdout: () => {}, stderr: (l: string) => err.push(l) }
    expect(await bbbDev(['--algorithms', 'md5'], {}, io)).toBe(2)
    expect(await bbbDev(['--like', 'jitsi'], {}, io)).toBe(2)
    expect(err[0]).toMatch(/algorithms/)
  })
})
