import type { Clock } from '../clock.js'

export interface GuestReservationLimits {
  /** Anonymous guests (distinct visitors) holding a pending seat per client address (default 3) ... */
  perAddress: number
  /** ... and per room (default 20) ... */
  perRoom: number
  /** ... within the time a reservation waits for its guest in BBB (the seat ledger's reservation). */
  holdMs: number
}

/**
 * Pending seats of anonymous guests, by visitor (the page's signed cookie): one visitor holds one reservation
 * (clicking again takes the same seat), and a client address or a room holds only a few at a time, so
 * cookieless requests cannot fill a room or the licence with seats nobody uses. In memory, per instance; time
 * from the injected clock. Signed-in people and moderator-code holders are not counted.
 */
export class GuestReservations {
  private readonly holders = new Map<string, Map<string, number>>()

  constructor(
    private readonly clock: Clock,
    readonly limits: GuestReservationLimits,
  ) {}

  private live(key: string, now: number): Map<string, number> {
    const m = this.holders.get(key) ?? new Map<string, number>()
    for (const [visitor, until] of m) if (until <= now) m.delete(visitor)
    if (m.size === 0) this.holders.delete(key)
    return m
  }

  /** Whether this visitor may take a (new) pending guest seat in this room from this address. */
  allowed(roomId: string, address: string, visitorId: string): boolean {
    const now = this.clock.now()
    const room = this.live(`r:${roomId}`, now)
    if (room.has(visitorId)) return true
    const byAddress = this.live(`a:${address}`, now)
    if (!byAddress.has(visitorId) && byAddress.size >= this.limits.perAddress) return false
    return room.size < this.limits.perRoom
  }

  /** Records that this visitor was granted a guest seat in this room. */
  granted(roomId: string, address: string, visitorId: string): void {
    const now = this.clock.now()
    if (this.holders.size > 50_000) for (const key of [...this.holders.keys()]) this.live(key, now)
    const until = now + this.limits.holdMs
    for (const key of [`r:${roomId}`, `a:${address}`]) {
      const m = this.holders.get(key) ?? new Map<string, number>()
      m.set(visitorId, until)
      this.holders.set(key, m)
    }
  }

  /** Seconds until the oldest pending reservation of this address or room lapses (for Retry-After). */
  retryAfterSeconds(roomId: string, address: string): number {
    const now = this.clock.now()
    const ends = [`r:${roomId}`, `a:${address}`].flatMap((k) => [...(this.holders.get(k)?.values() ?? [])]).filter((u) => u > now)
    return Math.max(1, Math.ceil((Math.min(...ends, now + this.limits.holdMs) - now) / 1000))
  }
}
