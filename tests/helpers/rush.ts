// The "9 o'clock rush" (issue 21): many rooms start on the hour and thousands of people click "Join" within a
// minute, on several instances of the service behind a round-robin. One plan and one runner, shared by the bench
// (`tests/bench/rush.ts`, the region's scale, timed) and the suite (`tests/http/rush.test.ts`, small and untimed),
// so the figures the bench reports and the exactness the suite asserts come from the same scenario.
import type { HostClaims } from '../../server/auth/host-jwt.js'
import { seededRandom } from './random.js'

export interface RushShape {
  rooms: number
  /** Internal people clicking, the rooms' managers included (one manager per room). */
  internal: number
  external: number
  /** Every n-th person clicks "Join" twice (0: nobody). */
  repeatEvery: number
  /** Clicks spread over this window (0: all at once). */
  windowMs: number
  /** Managers click within the first part of the window: meetings start on the hour. */
  startWindowMs: number
  seed: number
}

export interface RushClick {
  /** Milliseconds after the rush begins. */
  at: number
  sub: string
  external: boolean
  room: number
  manager: boolean
}

export interface RushPerson {
  sub: string
  external: boolean
  room: number
  manager: boolean
}

export function rushSpace(room: number): string {
  return `rush-space-${room}`
}

/** Everyone who takes part, and each click in time order. Each room has one manager; the others spread evenly. */
export function planRush(shape: RushShape): { people: RushPerson[]; clicks: RushClick[] } {
  if (shape.internal < shape.rooms) throw new Error('a rush needs at least one internal manager per room')
  const rnd = seededRandom(shape.seed)
  const people: RushPerson[] = []
  for (let r = 0; r < shape.rooms; r++) people.push({ sub: `rush-manager-${r}`, external: false, room: r, manager: true })
  for (let i = 0; i < shape.internal - shape.rooms; i++) people.push({ sub: `rush-member-${i}`, external: false, room: i % shape.rooms, manager: false })
  for (let i = 0; i < shape.external; i++) people.push({ sub: `rush-partner-${i}`, external: true, room: (i * 7) % shape.rooms, manager: false })
  const clicks: RushClick[] = []
  people.forEach((person, index) => {
    const span = person.manager ? shape.startWindowMs : shape.windowMs
    const at = Math.floor(rnd() * span)
    clicks.push({ at, ...person })
    if (shape.repeatEvery > 0 && index % shape.repeatEvery === 0) {
      clicks.push({ at: at + Math.floor(rnd() * 2000), ...person })
    }
  })
  clicks.sort((a, b) => a.at - b.at)
  return { people, clicks }
}

/** The host-token claims a person of the plan signs in with. */
export function rushClaims(person: RushPerson): Partial<HostClaims> & { sub: string; name: string } {
  return {
    sub: person.sub,
    name: person.sub,
    external: person.external,
    spaces: { [rushSpace(person.room)]: person.manager ? 'manager' : 'member' },
  }
}

export interface RushAnswer {
  sub: string
  external: boolean
  status: number
  code: string | null
  /** Milliseconds from this click's first request to its final answer, waiting for the meeting included. */
  ms: number
  /** Milliseconds of the final request alone. */
  lastRequestMs: number
  retries: number
}

export interface RushRun {
  answers: RushAnswer[]
  /** From the first click to the last answer. */
  settleMs: number
}

export interface RushTargets {
  /** Base URLs of the instances; clicks go round-robin. */
  urls: string[]
  /** The path a click posts to, for its room. */
  path(room: number): string
  token(sub: string): string
  /** Wait before asking again while the meeting has not started (the widget waits for the moderator so). */
  retryMs: number
  maxRetries: number
  /** Run clicks at their planned time (true) or all at once (false). */
  paced: boolean
}

/** Plays the clicks against the instances and collects every final answer. */
export async function runRush(clicks: readonly RushClick[], targets: RushTargets): Promise<RushRun> {
  let next = 0
  const started = performance.now()
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
  const one = async (click: RushClick): Promise<RushAnswer> => {
    const firstAt = performance.now()
    let retries = 0
    for (;;) {
      const url = targets.urls[next++ % targets.urls.length]
      const t = performance.now()
      const res = await fetch(`${url}${targets.path(click.room)}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${targets.token(click.sub)}`, 'Content-Type': 'application/json' },
        body: '{}',
      })
      const text = await res.text()
      const lastRequestMs = performance.now() - t
      let code: string | null = null
      if (res.status !== 200) {
        try {
          code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null
        } catch {
          code = null
        }
      }
      if (code === 'meeting_not_running' && retries < targets.maxRetries) {
        retries++
        await sleep(targets.retryMs)
        continue
      }
      return { sub: click.sub, external: click.external, status: res.status, code, ms: performance.now() - firstAt, lastRequestMs, retries }
    }
  }
  const pending = clicks.map(async (click) => {
    if (targets.paced) {
      const wait = click.at - (performance.now() - started)
      if (wait > 0) await sleep(wait)
    }
    return one(click)
  })
  const answers = await Promise.all(pending)
  return { answers, settleMs: performance.now() - started }
}

export interface RushTally {
  grantedInternal: number
  grantedExternal: number
  /** People refused in the end (after waiting), by error code. */
  refusedBy: Record<string, number>
  serverErrors: number
  statuses: Record<string, number>
  /** People who got a seat on one click and a refusal on their repeat click (a repeat must get the same seat). */
  repeatsRefused: number
}

/** Counts distinct people granted, by kind, and what the others were told. */
export function tallyRush(answers: readonly RushAnswer[]): RushTally {
  const granted = new Map<string, boolean>()
  const refused = new Map<string, string>()
  const statuses: Record<string, number> = {}
  let serverErrors = 0
  for (const a of answers) {
    statuses[a.status] = (statuses[a.status] ?? 0) + 1
    if (a.status >= 500) serverErrors++
    if (a.status === 200) granted.set(a.sub, a.external)
    else refused.set(a.sub, a.code ?? String(a.status))
  }
  const refusedBy: Record<string, number> = {}
  let repeatsRefused = 0
  for (const [sub, code] of refused) {
    if (granted.has(sub)) {
      repeatsRefused++
      continue
    }
    refusedBy[code] = (refusedBy[code] ?? 0) + 1
  }
  let grantedInternal = 0
  let grantedExternal = 0
  for (const external of granted.values()) {
    if (external) grantedExternal++
    else grantedInternal++
  }
  return { grantedInternal, grantedExternal, refusedBy, serverErrors, statuses, repeatsRefused }
}
