import { bbbMessageKey } from '../bbb-failures.js'
import type { Logger } from '../log.js'
import type { MeetingRun } from '../model/index.js'
import { statusFromBbbMeeting, type BbbMeetingLike, type MeetingStatus } from './meeting-status.js'

/** The BBB calls the status makes (a subset of `BbbClient`). */
export interface StatusBbb {
  getMeetings(): Promise<{ meetings: readonly BbbMeetingLike[] }>
  getMeetingInfo(params: { meetingID: string }): Promise<BbbMeetingLike>
}

export type StatusMode = 'getMeetings' | 'getMeetingInfo'

/** Reads every meeting BBB runs, the cheapest way this BBB allows. */
export interface MeetingsReader {
  readonly mode: StatusMode
  /**
   * The status of every meeting BBB runs. `openRuns` are the meetings we started (and `alsoKnown` the ones last
   * seen running): the per-meeting mode asks about each, and they catch a getMeetings that omits meetings.
   * `startedAt` is when this read began (a run BBB created just before it is not missing yet).
   */
  read(openRuns: MeetingRun[], alsoKnown: Iterable<string>, startedAt: number): Promise<Map<string, MeetingStatus>>
  /** BBB status calls made so far, by call name. */
  calls(): Record<string, number>
}

/**
 * One getMeetings per read; or, once getMeetings proved unusable (`unsupportedRequest`, or Scalelite's switch
 * answering without a meeting that getMeetingInfo knows), one getMeetingInfo per known meeting, at most
 * `concurrency` (default 6) at once. The switch is logged once and never undone.
 */
export function createMeetingsReader(options: {
  bbb: StatusBbb
  mode?: StatusMode
  concurrency?: number
  log?: Logger
}): MeetingsReader {
  const { bbb } = options
  const concurrency = options.concurrency ?? 6
  let mode: StatusMode = options.mode ?? 'getMeetings'
  const callCounts: Record<string, number> = {}
  const count = (call: string) => {
    callCounts[call] = (callCounts[call] ?? 0) + 1
  }

  function switchMode(reason: string): void {
    if (mode === 'getMeetingInfo') return
    mode = 'getMeetingInfo'
    options.log?.warn({ reason }, 'meeting status: switching to one getMeetingInfo per running meeting')
  }

  async function infoOf(meetingId: string): Promise<MeetingStatus | null> {
    count('getMeetingInfo')
    try {
      return statusFromBbbMeeting(await bbb.getMeetingInfo({ meetingID: meetingId }))
    } catch (err) {
      if (bbbMessageKey(err) === 'notFound') return null
      throw err
    }
  }

  async function viaGetMeetings(openRuns: MeetingRun[], startedAt: number): Promise<Map<string, MeetingStatus> | null> {
    count('getMeetings')
    let answer
    try {
      answer = await bbb.getMeetings()
    } catch (err) {
      if (bbbMessageKey(err) === 'unsupportedRequest') {
        switchMode('getMeetings answers unsupportedRequest')
        return null
      }
      throw err
    }
    const next = new Map<string, MeetingStatus>()
    for (const m of answer.meetings) {
      const status = statusFromBbbMeeting(m)
      if (status) next.set(m.meetingID, status)
    }
    const missing = confirmedBefore(openRuns, startedAt).filter((r) => !next.has(r.meetingId))
    if (missing.length > 0) {
      // getMeetings forgot a meeting we started: either it ended, or getMeetings is switched off (Scalelite).
      const probe = await infoOf(missing[0].meetingId)
      if (probe) {
        switchMode('getMeetings omits a meeting that getMeetingInfo knows (switched off, as Scalelite can)')
        return null
      }
    }
    return next
  }

  async function viaGetMeetingInfo(openRuns: MeetingRun[], alsoKnown: Iterable<string>): Promise<Map<string, MeetingStatus>> {
    const ids = new Set<string>(openRuns.map((r) => r.meetingId))
    for (const id of alsoKnown) ids.add(id)
    const next = new Map<string, MeetingStatus>()
    const queue = [...ids]
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const status = await infoOf(id)
        if (status) next.set(id, status)
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker))
    return next
  }

  return {
    get mode() {
      return mode
    },
    async read(openRuns, alsoKnown, startedAt) {
      const viaList = mode === 'getMeetings' ? await viaGetMeetings(openRuns, startedAt) : null
      return viaList ?? viaGetMeetingInfo(openRuns, alsoKnown)
    },
    calls: () => ({ ...callCounts }),
  }
}

function confirmedBefore(runs: MeetingRun[], startedAt: number): MeetingRun[] {
  // Only runs BBB created well before this read (BBB's own createTime): a create racing the read is not "gone".
  return runs.filter((r) => r.createTime !== null && r.createTime < startedAt - 5000)
}

