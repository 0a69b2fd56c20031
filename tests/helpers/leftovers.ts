import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { connect } from 'node:net'
import pg from 'pg'

/**
 * What a test run leaves behind: processes it started that still run, and PostgreSQL connections its clients
 * still hold. Every process the suite starts inherits {@link RUN_MARKER} in its environment and every pg client
 * its application name (`PGAPPNAME`), set by the global setup; processes started with a hand-made environment
 * are recognised by their working directory (the repository) and command line.
 */
export const RUN_MARKER = 'BBB_SPACES_TEST_RUN'

/** Command lines of the kinds of process the suite starts. */
const SUITE_COMMANDS = /server\/main|dev-bbb|bbb-dev|bbb-spaces|chromium|npm (start|run)/

export interface ProcessInfo {
  pid: number
  ppid: number
  cmdline: string
  cwd: string
  environ: string
}

/** Every process this user may inspect (Linux /proc); vanished or unreadable ones are skipped. */
export function listProcesses(): ProcessInfo[] {
  const found: ProcessInfo[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      // The command name in parentheses may itself hold spaces or parentheses: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (fields[0] === 'Z') continue
      found.push({
        pid: Number(name),
        ppid: Number(fields[1]),
        cmdline: readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' '),
        cwd: readlinkSync(`/proc/${name}/cwd`),
        environ: readFileSync(`/proc/${name}/environ`, 'utf8'),
      })
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return found
}

/**
 * Processes of this run still alive: marked with the run's id, or started in `root` with a suite command line,
 * and not already there before the run (`before`), excluding `self` and its live descendants (the test runner's
 * own helpers).
 */
export function leftoverProcesses(options: { runId: string; root: string; self: number; before: ReadonlySet<number> }): ProcessInfo[] {
  const all = listProcesses()
  const byPid = new Map(all.map((p) => [p.pid, p]))
  const descendsFromSelf = (p: ProcessInfo): boolean => {
    for (let cur: ProcessInfo | undefined = p, hops = 0; cur && hops < 64; cur = byPid.get(cur.ppid), hops++) {
      if (cur.ppid === options.self) return true
    }
    return false
  }
  const marker = `${RUN_MARKER}=${options.runId}\0`
  return all.filter(
    (p) =>
      p.pid !== options.self &&
      !options.before.has(p.pid) &&
      !descendsFromSelf(p) &&
      ((p.environ + '\0').includes(marker) || (p.cwd.startsWith(options.root) && SUITE_COMMANDS.test(p.cmdline))),
  )
}

/** Connections to the test PostgreSQL opened under `applicationName`, other than the one asking. */
export async function leftoverConnections(databaseUrl: string, applicationName: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bbb-spaces-leftover-check' })
  await client.connect()
  try {
    const { rows } = await client.query<{ pid: number; client: string; state: string; query: string }>(
      `select pid, coalesce(host(client_addr), 'local') || ':' || coalesce(client_port, -1) as client, state, query
         from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()`,
      [applicationName],
    )
    return rows.map((r) => `backend ${r.pid} from ${r.client} (${r.state}): ${r.query.slice(0, 80)}`)
  } finally {
    await client.end()
  }
}

/** The run's marks, for a child started with a hand-made environment (so the teardown still knows it). */
export function runMarks(): Record<string, string> {
  const marks: Record<string, string> = {}
  if (process.env[RUN_MARKER]) marks[RUN_MARKER] = process.env[RUN_MARKER]
  if (process.env.PGAPPNAME) marks.PGAPPNAME = process.env.PGAPPNAME
  return marks
}

/** Resolves whether something accepts TCP connections on 127.0.0.1:`port` right now. */
export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
