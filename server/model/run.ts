/** One run of a room's BBB meeting, from our create to its end. */
export interface MeetingRun {
  meetingId: string
  roomId: string
  spaceId: string
  /** BBB createTime (ms), the instance key; null until BBB confirmed the create. */
  createTime: number | null
  internalMeetingId: string | null
  moderatorPw: string | null
  startedBy: string
  startedAt: number
  endedAt: number | null
}
