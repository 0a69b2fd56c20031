import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDev, type Dev } from './helpers.js'

const run = promisify(execFile)
let dev: Dev
beforeAll(async () => {
  dev = await startDev()
})
afterAll(() => dev.close())

// Nothing of ours signs these calls: bash, sha1sum/sha256sum and curl.
const SCRIPT = `
set -eu
sign() { printf '%s' "$1$2$SECRET" | "$3" | cut -d' ' -f1; }
q='name=Shell+Meeting&meetingID=shell-1&attendeePW=ap&moderatorPW=mp'
echo "create=$(curl -s "\${URL}api/create?$q&checksum=$(sign create "$q" sha1sum)")"
j='fullName=Shell+User&meetingID=shell-1&role=MODERATOR'
echo "join=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "\${URL}api/join?$j&checksum=$(sign join "$j" sha256sum)")"
bad=$(sign create "$q" sha256sum | sed 's/^./0/; s/^00/01/')
echo "tampered=$(curl -s "\${URL}api/create?$q&checksum=$bad")"
`

describe('a shell script signing with sha1sum / sha256sum', () => {
  it('creates, gets a 302 to the client page on join, and is refused with a tampered checksum', async () => {
    const { stdout } = await run('bash', ['-c', SCRIPT], { env: { ...process.env, URL: dev.url, SECRET: dev.secret } })
    const lines = Object.fromEntries(stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
    expect(lines.create).toContain('<returncode>SUCCESS</returncode>')
    expect(lines.create).toContain('<meetingID>shell-1</meetingID>')
    expect(lines.join).toMatch(new RegExp(`^302 ${dev.url}client\\?sessionToken=[a-z0-9]{16}$`))
    expect(lines.tampered).toContain('<messageKey>checksumError</messageKey>')
  })
})
