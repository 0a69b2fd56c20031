/** A recording BBB told us is ready (recording-ready callback or webhook). */
export interface RecordingRecord {
  recordId: string
  meetingId: string
  roomId: string | null
  readyAt: number
}
