import { cpus } from 'node:os'

/** The middle value (mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Nearest-rank percentile (`p` from 0 to 100); NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1]!
}

/** One line of the table: a figure, its baseline from the same run, their ratio and the target's verdict. */
export interface Row {
  section: string
  figure: string
  /** Median of several runs, already formatted with its unit. */
  value: string
  baseline: string
  /** e.g. `3.2× bigbluebutton-js`, `45 % of bare`. */
  ratio: string
  /** The target and whether it is met, e.g. `≥ 3× — met`; `—` when the issue sets none. */
  target: string
}

export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return 'n/a'
  return n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

export const perSecond = (n: number) => `${fmt(n)}/s`
export const ms = (n: number, digits = 1) => `${fmt(n, digits)} ms`
export const times = (n: number, digits = 1) => `${fmt(n, digits)}×`
export const percent = (n: number, digits = 0) => `${fmt(n * 100, digits)} %`

export function verdict(met: boolean, target: string): string {
  return `${target} — ${met ? 'met' : 'NOT met'}`
}

/** CPU model, core count and Node version, as printed above the table. */
export function machineLine(): string {
  const list = cpus()
  const model = list[0]?.model.trim() ?? 'unknown CPU'
  return `Machine: ${model}, ${list.length} cores, Node ${process.version} (${process.platform} ${process.arch})`
}

/** The rows as a Markdown table (also readable in a terminal). */
export function renderTable(rows: readonly Row[]): string {
  const header = ['Section', 'Figure (median)', 'Value', 'Baseline (same run)', 'Ratio', 'Target']
  const body = rows.map((r) => [r.section, r.figure, r.value, r.baseline, r.ratio, r.target])
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n')
}

/** Wall-clock milliseconds from a `process.hrtime.bigint()` start. */
export function since(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6
}
