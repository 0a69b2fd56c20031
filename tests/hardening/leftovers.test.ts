import { spawn } from 'node:child_process'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { TEST_DATABASE_URL } from '../helpers/databases.js'
import { leftoverConnections, leftoverProcesses, RUN_MARKER } from '../helpers/leftovers.js'

// The global teardown's detector: what it would name after a run (tests/helpers/global-setup.ts).
const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '')

const stop: Array<() => unknown> = []
afterAll(async () => {
  for (const s of stop) await s()
})

describe('what the end-of-run check names', () => {
  it('finds a process carrying the run’s mark, and forgets it once it is gone', async () => {
    const runId = `probe${process.pid}`
    const child = spawn('sleep', ['60'], { env: { ...process.env, [RUN_MARKER]: runId }, stdio: 'ignore' })
    const gone = new Promise((r) => child.once('exit', r))
    stop.push(() => child.kill('SIGKILL'))
    await new Promise((r) => child.once('spawn', r))
    // `self: 0`: as the teardown sees it, from outside this test's process tree.
    const found = leftoverProcesses({ runId, root: ROOT, self: 0, before: new Set() }).map((p) => p.pid)
    expect(found).toContain(child.pid)
    expect(leftoverProcesses({ runId: 'another-run', root: '/nonexistent', self: 0, before: new Set() }).map((p) => p.pid)).not.toContain(child.pid)
    child.kill('SIGKILL')
    await gone
    expect(leftoverProcesses({ runId, root: ROOT, self: 0, before: new Set() }).map((p) => p.pid)).not.toContain(child.pid)
  })

  it('finds a PostgreSQL connection opened under the run’s application name, until it closes', async () => {
    const name = `bbb-spaces-test-probe-${process.pid}`
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, application_name: name })
    await client.connect()
    stop.push(() => client.end().catch(() => undefined))
    expect(await leftoverConnections(TEST_DATABASE_URL, name)).toHaveLength(1)
    await client.end()
    let left = await leftoverConnections(TEST_DATABASE_URL, name)
    for (let i = 0; i < 20 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 50))
      left = await leftoverConnections(TEST_DATABASE_URL, name)
    }
    expect(left).toEqual([])
  })
})
