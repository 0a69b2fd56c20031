import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { leftoverConnections, leftoverProcesses, listProcesses, RUN_MARKER } from './leftovers.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '')
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/**
 * Builds the widget once before the suite (the browser tests load the built bundle, as hosts do) and marks
 * every process and PostgreSQL connection the run will start; the teardown fails the run, naming them, if any
 * is still there once the tests are over (pass or fail), and stops them.
 */
export default function setup(): () => Promise<void> {
  execFileSync(process.execPath, ['widget/build.mjs'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  execFileSync(process.execPath, ['widget/link/build.mjs'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })

  const runId = randomBytes(6).toString('hex')
  const applicationName = `bbb-spaces-test-${runId}`
  process.env[RUN_MARKER] = runId
  process.env.PGAPPNAME = applicationName
  const before = new Set(listProcesses().map((p) => p.pid))

  return async function teardown() {
    const problems: string[] = []
    // A process killed a moment ago may still be on its way out: give stragglers a short grace.
    let processes = leftoverProcesses({ runId, root: ROOT, self: process.pid, before })
    for (let i = 0; i < 30 && processes.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 100))
      processes = leftoverProcesses({ runId, root: ROOT, self: process.pid, before })
    }
    for (const p of processes) {
      problems.push(`process ${p.pid} still running: ${p.cmdline.slice(0, 200)} (in ${p.cwd})`)
      try {
        process.kill(p.pid, 'SIGKILL')
      } catch {
        // gone already
      }
    }

    let connections: string[] = []
    try {
      connections = await leftoverConnections(TEST_DATABASE_URL, applicationName)
      for (let i = 0; i < 30 && connections.length > 0; i++) {
        await new Promise((r) => setTimeout(r, 100))
        connections = await leftoverConnections(TEST_DATABASE_URL, applicationName)
      }
    } catch {
      // No PostgreSQL reachable: its tests failed already and say why.
    }
    for (const c of connections) problems.push(`PostgreSQL connection still open: ${c}`)

    if (problems.length > 0) {
      // The runner only logs an error thrown here; the exit code is what fails `npm test` and CI.
      process.exitCode = 1
      throw new Error(`the test run left ${problems.length} thing(s) behind (now stopped):\n  - ${problems.join('\n  - ')}`)
    }
  }
}
