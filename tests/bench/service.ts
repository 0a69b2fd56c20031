import { fork, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { mintHostToken, type HostClaims } from '../../server/auth/host-jwt.js'
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js'

export interface ServiceChildOptions {
  databaseUrl: string
  hostSecret: string
  statusIntervalMs: number
  logLevel: string
  /** A BBB (or the dev BBB as Scalelite) shared by several instances; absent: the instance mounts its own. */
  bbb?: { url: string; secret: string }
}

export type ServiceChildRequest = { id: number; cmd: 'memory' | 'settled-memory' | 'reset-peak' | 'webhooks' | 'close' }

/** The bare baseline route: `POST /api/v1/bench-bare/rooms/:roomId/join`, answering a fixed JSON behind the app's shared middleware. */
export const BARE_PREFIX = '/api/v1/bench-bare'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Forks a TypeScript file of this folder with tsx, from the repository root. */
export function forkTs(file: string, args: string[], options: { silent?: boolean; execArgv?: string[] } = {}): ChildProcess {
  return fork(fileURLToPath(new URL(file, import.meta.url)), args, {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx', ...(options.execArgv ?? [])],
    stdio: options.silent ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'inherit', 'inherit', 'ipc'],
  })
}

export interface BenchService {
  kind: 'sqlite' | 'postgres'
  /** http://127.0.0.1:PORT */
  url: string
  /** The in-process development BBB's API base. */
  bbbUrl: string
  bbbSecret: string
  /** HS256 secret of host tokens (the load process mints its own). */
  hostSecret: string
  pid: number
  token(claims: Partial<HostClaims> & { sub: string }): Promise<string>
  /** JSON over HTTP with a bearer token; throws on an unexpected status. */
  api<T = Record<string, unknown>>(method: string, path: string, bearer: string, body?: unknown, expect?: number): Promise<T>
  memory(): Promise<{ rss: number; peakRss: number }>
  /** RSS and heap after a full garbage collection: what the service holds. */
  settledMemory(): Promise<{ rss: number; heapUsed: number }>
  resetPeak(): Promise<void>
  webhooksActive(): Promise<boolean>
  /** Dev BBB call counters, by call name. */
  bbbCalls(): Promise<Record<string, number>>
  close(): Promise<void>
}

/**
 * Starts the real service in its own process on a fresh database: SQLite in a temp folder, or its own schema on
 * the test PostgreSQL (dropped on close).
 */
export async function startBenchService(
  kind: 'sqlite' | 'postgres',
  options: {
    statusIntervalMs?: number
    logLevel?: string
    /** Several instances on one database: the caller made it and drops it (close() leaves it). */
    database?: TestDatabase
    /** Several instances signing the same host tokens. */
    hostSecret?: string
    bbb?: { url: string; secret: string }
  } = {},
): Promise<BenchService> {
  const database = options.database ?? (await createTestDatabase(kind))
  const hostSecret = options.hostSecret ?? randomBytes(24).toString('hex')
  const childOptions: ServiceChildOptions = {
    databaseUrl: database.url,
    hostSecret,
    statusIntervalMs: options.statusIntervalMs ?? 5000,
    logLevel: options.logLevel ?? 'warn',
    ...(options.bbb ? { bbb: options.bbb } : {}),
  }
  // --expose-gc: `settledMemory` collects garbage first, so it reads what is retained, not what is pending.
  // BENCH_CPU_PROF=<dir>: each service process writes a V8 CPU profile there when it stops (open it in Chrome's
  // DevTools or speedscope) — profile first, then optimise what it shows.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []
  const child = forkTs('./service-child.ts', [JSON.stringify(childOptions)], { execArgv: ['--expose-gc', ...profile] })
  const pending = new Map<number, (result: unknown) => void>()
  let nextId = 1
  const ready = await new Promise<{ url: string; bbbUrl: string; bbbSecret: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the service process exited (${code}) before it was ready`)))
    child.on('message', (m: { type?: string; id?: number; result?: unknown; url?: string; bbbUrl?: string; bbbSecret?: string }) => {
      if (m.type === 'ready') resolve(m as { url: string; bbbUrl: string; bbbSecret: string })
      else if (m.id !== undefined) {
        pending.get(m.id)?.(m.result)
        pending.delete(m.id)
      }
    })
  })
  child.removeAllListeners('exit')
  const ask = <T>(cmd: ServiceChildRequest['cmd']) =>
    new Promise<T>((resolve) => {
      const id = nextId++
      pending.set(id, resolve as (r: unknown) => void)
      child.send({ id, cmd } satisfies ServiceChildRequest)
    })
  const secret = new TextEncoder().encode(hostSecret)
  let closed: Promise<void> | null = null

  return {
    kind,
    ...ready,
    hostSecret,
    pid: child.pid!,
    token: (claims) => mintHostToken(secret, { name: claims.sub, ...claims }, { expiresIn: '2h' }),
    async api<T>(method: string, path: string, bearer: string, body?: unknown, expect?: number) {
      const res = await fetch(`${ready.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${bearer}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      const text = await res.text()
      if (expect !== undefined ? res.status !== expect : !res.ok) {
        throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`)
      }
      return (text ? JSON.parse(text) : {}) as T
    },
    memory: () => ask('memory'),
    settledMemory: () => ask('settled-memory'),
    resetPeak: async () => void (await ask('reset-peak')),
    webhooksActive: async () => (await ask<{ active: boolean }>('webhooks')).active,
    async bbbCalls() {
      const res = await fetch(`${ready.bbbUrl}dev/stats`)
      return ((await res.json()) as { calls: Record<string, number> }).calls
    },
    close() {
      closed ??= (async () => {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
        if (child.exitCode === null) {
          // Requests the load process left behind (its sockets closed, the handlers still running) finish first.
          await new Promise((resolve) => setTimeout(resolve, 1500))
          child.send({ id: nextId++, cmd: 'close' } satisfies ServiceChildRequest)
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
          await exited
          clearTimeout(timer)
        }
        if (!options.database) await database.drop()
      })()
      return closed
    },
  }
}

/** Creates a room in a space (as its manager) and starts its meeting; returns the room id. */
export async function runningRoom(service: BenchService, spaceId: string, name: string): Promise<{ roomId: string; manager: string }> {
  const manager = await service.token({ sub: `manager-${spaceId}`, spaces: { [spaceId]: 'manager' } })
  const created = await service.api<{ room: { id: string } }>('POST', `/api/v1/spaces/${spaceId}/rooms`, manager, { name }, 201)
  await service.api('POST', `/api/v1/rooms/${created.room.id}/join`, manager)
  return { roomId: created.room.id, manager }
}
