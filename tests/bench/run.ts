// `npm run bench`: every figure next to a baseline measured in the same run, on this machine, then one table
// (also written to tests/bench/last-run.md). Knobs: BENCH_FANOUT_S (fan-out window, default 60), BENCH_RUSH_S
// (the rush's window, default 60),
// BENCH_ROUNDS (runs per figure, default 3; signing and parsing do more), BENCH_SECTIONS (e.g. "1,5").
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { benchAdmission } from './admission.js'
import { benchBigStatus } from './big-status.js'
import { benchFanout } from './fanout.js'
import { benchJoinEndpoint } from './join-endpoint.js'
import { benchRush } from './rush.js'
import { benchSigning } from './signing.js'
import { machineLine, renderTable, since, type Row } from './stats.js'
import { REPO_ROOT } from './service.js'
import { benchWidget } from './widget.js'

const env = process.env
const rounds = Math.max(1, Number(env.BENCH_ROUNDS ?? 3))
const fanoutS = Math.max(5, Number(env.BENCH_FANOUT_S ?? 60))
const rushS = Math.max(5, Number(env.BENCH_RUSH_S ?? 60))
const only = env.BENCH_SECTIONS ? new Set(env.BENCH_SECTIONS.split(',').map((s) => s.trim())) : null
const STATUS_INTERVAL_MS = 5000

const sections: Array<{ id: string; name: string; run: () => Promise<Row[]> | Row[] }> = [
  { id: '1', name: 'signing', run: () => benchSigning({ rounds: rounds + 2, iterations: 40_000, joins: 200 }) },
  { id: '5', name: 'big status answers', run: () => benchBigStatus({ rounds: rounds + 2, intervalMs: STATUS_INTERVAL_MS }) },
  ...(['sqlite', 'postgres'] as const).map((kind) => ({
    id: '2',
    name: `join endpoint (${kind})`,
    run: () => benchJoinEndpoint(kind, { rounds, durationS: 4, connections: 20, usersPerRound: 12_000 }),
  })),
  ...(['sqlite', 'postgres'] as const).map((kind) => ({
    id: '4',
    name: `licence admission (${kind})`,
    run: () => benchAdmission(kind, { rounds, requests: 1000, seats: 200, sockets: 250 }),
  })),
  {
    id: '3',
    name: 'status fan-out',
    run: () => benchFanout({ rooms: 100, clients: 2000, durationS: fanoutS, changeEveryMs: 500, intervalMs: STATUS_INTERVAL_MS }),
  },
  { id: '6', name: 'widget', run: () => benchWidget({ rounds: rounds + 2 }) },
  {
    id: '7',
    name: "9 o'clock rush",
    run: () => benchRush({ rooms: 400, internal: 4500, external: 1500, maxParticipants: 8000, maxInternal: 4000, windowS: rushS }),
  },
]

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim()
  } catch {
    return 'unknown'
  }
}

const machine = machineLine()
process.stdout.write(`${machine}\n`)
const started = process.hrtime.bigint()
const rows: Row[] = []
const failures: string[] = []
for (const section of sections) {
  if (only && !only.has(section.id)) continue
  const t = process.hrtime.bigint()
  process.stderr.write(`… section ${section.id}: ${section.name}\n`)
  try {
    rows.push(...(await section.run()))
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    failures.push(`section ${section.id} (${section.name}): ${message}`)
    rows.push({ section: section.id, figure: `${section.name}: FAILED (${message.slice(0, 80)})`, value: 'n/a', baseline: 'n/a', ratio: 'n/a', target: 'not measured' })
  }
  process.stderr.write(`  done in ${(since(t) / 1000).toFixed(0)} s\n`)
}

const table = renderTable(rows)
const footer = [
  `Run of ${new Date().toISOString()} at commit ${commit()}, ${(since(started) / 1000).toFixed(0)} s in all; ` +
    `medians of ${rounds} runs (signing and parsing ${rounds + 2}); fan-out: one ${fanoutS} s window.`,
  ...failures.map((f) => `Failed: ${f}`),
]
process.stdout.write(`\n${table}\n\n${footer.join('\n')}\n`)
writeFileSync(
  fileURLToPath(new URL('./last-run.md', import.meta.url)),
  `# bbb-spaces benchmark: last run\n\n${machine}\n\n${table}\n\n${footer.join('\n\n')}\n`,
)
process.exit(failures.length > 0 ? 1 : 0)
