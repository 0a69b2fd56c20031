import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { scanDirectory } from './secret-scan.js'
import { TRAFFIC_DIR_ENV } from './traffic-recorder.js'

/**
 * Global setup of the whole suite: every test service records its logs and answers under a temp folder
 * (workers inherit the variable); at the end, the folder is scanned and the run fails if a secret or a
 * checksum leaked anywhere.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'bbb-spaces-traffic-'))
  process.env[TRAFFIC_DIR_ENV] = dir
  return () => {
    const { records, leaks } = scanDirectory(dir)
    rmSync(dir, { recursive: true, force: true })
    if (leaks.length > 0) {
      const shown = [...new Set(leaks)].slice(0, 30)
      // vitest reports an error thrown here but keeps its exit code: set it so `npm test` fails.
      process.exitCode = 1
      throw new Error(`secret scan: ${leaks.length} leak(s) in ${records} recorded lines:\n  ${shown.join('\n  ')}`)
    }
    process.stdout.write(`secret scan: ${records} log lines and answers, no secret or checksum leaked\n`)
  }
}
