/** One minute's figures. */
export interface UsageSample {
  participants: number
  internal: number
  external: number
  meetings: number
}

/** What one instance saw at one minute: the whole service, and each space with someone or something in it. */
export interface MinuteSample {
  minute: number
  total: UsageSample
  spaces: Array<{ spaceId: string } & UsageSample>
}

/** A span's figures: highest sample and sum over the `minutes` sampled (average = sum / minutes). */
export interface UsageBucket {
  at: number
  minutes: number
  participants: { max: number; sum: number }
  internal: { max: number; sum: number }
  external: { max: number; sum: number }
  meetings: { max: number; sum: number }
}

export interface SpacePeak {
  spaceId: string
  peak: number
  sum: number
}

/** How long each resolution is kept (defaults: 30 days of minutes, 400 days of hours). */
export interface UsageRetention {
  minuteMs: number
  hourMs: number
}
