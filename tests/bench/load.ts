import type { RushShape } from '../helpers/rush.js'
import { forkTs } from './service.js'

export interface SseRoom {
  roomId: string
  meetingId: string
}

/** A job for the load process (`load-child.ts`). Tokens are minted there, for members of `spaceId`. */
export type LoadJob =
  | {
      mode: 'cannon'
      url: string
      path: string
      connections: number
      durationS: number
      secret: string
      spaceId: string
      /** Users `${prefix}-0` … `${prefix}-${users - 1}`, one per request in turn (1: the same user every time). */
      prefix: string
      users: number
    }
  | {
      mode: 'burst'
      url: string
      path: string
      /** A cheap route that opens the connections before the burst. */
      warmPath: string
      sockets: number
      secret: string
      spaceId: string
      prefix: string
      count: number
    }
  | {
      /** The 9 o'clock rush: the planned clicks, paced, round-robin over the instances (`tests/helpers/rush.ts`). */
      mode: 'rush'
      urls: string[]
      /** Room ids by plan index; `null`: the bare route instead of the join route. */
      roomIds: string[]
      bare: boolean
      shape: RushShape
      secret: string
    }
  | {
      mode: 'sse'
      url: string
      bbbUrl: string
      rooms: SseRoom[]
      clientsPerRoom: number
      secret: string
      spaceId: string
      prefix: string
      durationS: number
      changeEveryMs: number
    }

export interface CannonResult {
  rps: number
  p50: number
  p99: number
  total: number
  ok: number
  non2xx: number
  errors: number
  usersCycled: boolean
}

export interface BurstResult {
  ms: number
  statuses: Record<string, number>
}

export interface RushResult {
  settleMs: number
  /** Each final request's own time (waits for the meeting excluded). */
  latencies: number[]
  grantedInternal: number
  grantedExternal: number
  refusedBy: Record<string, number>
  serverErrors: number
  statuses: Record<string, number>
  repeatsRefused: number
  clicks: number
  retries: number
}

export interface SseResult {
  latencies: number[]
  changes: number
  refused: number
  expected: number
  delivered: number
  droppedBeforeEnd: number
  elapsedS: number
}

/**
 * Runs a job in a second process and resolves with its result. For `sse`, `onConnected` runs once every client
 * is connected; the window starts when it resolves.
 */
export function runLoad<T>(job: LoadJob, onConnected?: () => Promise<void>): Promise<T> {
  const child = forkTs('./load-child.ts', [JSON.stringify(job)])
  return new Promise<T>((resolve, reject) => {
    child.on('message', (m: { type: string; result?: unknown; message?: string }) => {
      if (m.type === 'connected') {
        void (onConnected ?? (async () => undefined))().then(() => child.send({ type: 'go' }))
      } else if (m.type === 'result') resolve(m.result as T)
      else if (m.type === 'error') reject(new Error(`load process: ${m.message}`))
    })
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load process exited with ${code}`))
    })
  })
}
