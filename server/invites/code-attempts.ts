import type { Clock } from '../clock.js'

export interface CodeAttemptLimits {
  /** Wrong codes one client address may try within the window (default 10). */
  perAddress: number
  /** Wrong codes a room takes from all addresses within the window (default 50) before it is guarded. */
  perRoom: number
  windowMs: number
}

interface Counter {
  count: number
  resetAt: number
}

/**
 * Wrong access-code attempts, counted per client address and per room in fixed windows (in memory, per
 * instance; time from the injected clock). Only wrong codes count. The room's limit never locks the room: once
 * a room took `perRoom` wrong codes, an address that guessed wrong there in the window is stopped, and an
 * address that did not gets one attempt (its right code is answered on the merits, a wrong one stops it too).
 * Signed-in members of the room's space are never asked (the caller skips them).
 */
export class CodeAttempts {
  private readonly counters = new Map<string, Counter>()

  constructor(
    private readonly clock: Clock,
    readonly limits: CodeAttemptLimits,
  ) {}

  private read(key: string, now: number): number {
    const c = this.counters.get(key)
    return c && c.resetAt > now ? c.count : 0
  }

  private bump(key: string, now: number): void {
    const c = this.counters.get(key)
    if (c && c.resetAt > now) c.count++
    else this.counters.set(key, { count: 1, resetAt: now + this.limits.windowMs })
  }

  /** Whether this address may try a code in this room now. */
  allowed(roomId: string, address: string): boolean {
    const now = this.clock.now()
    if (this.read(`a:${address}`, now) >= this.limits.perAddress) return false
    const roomGuarded = this.read(`r:${roomId}`, now) >= this.limits.perRoom
    return !(roomGuarded && this.read(`ra:${roomId}:${address}`, now) > 0)
  }

  /** Records a wrong code from this address in this room. */
  wrong(roomId: string, address: string): void {
    const now = this.clock.now()
    if (this.counters.size > 50_000) this.sweep(now)
    this.bump(`a:${address}`, now)
    this.bump(`r:${roomId}`, now)
    this.bump(`ra:${roomId}:${address}`, now)
  }

  /** Seconds until this address's oldest counting window ends (for Retry-After). */
  retryAfterSeconds(roomId: string, address: string): number {
    const now = this.clock.now()
    const ends = [`a:${address}`, `r:${roomId}`, `ra:${roomId}:${address}`]
      .map((k) => this.counters.get(k))
      .filter((c): c is Counter => c !== undefined && c.resetAt > now)
      .map((c) => c.resetAt - now)
    return Math.max(1, Math.ceil(Math.max(0, ...ends) / 1000))
  }

  private sweep(now: number): void {
    for (const [k, c] of this.counters) if (c.resetAt <= now) this.counters.delete(k)
  }
}
