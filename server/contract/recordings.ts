/** A room's recording as the API shows it; times in epoch ms. */
export interface Recording {
  recordId: string
  name: string
  published: boolean
  state: string
  startTime: number
  endTime: number
  participants: number | null
  /** The first playback link (what a "play" button opens), or null while processing. */
  playbackUrl: string | null
  formats: Array<{ type: string; url: string; lengthMinutes: number }>
  /** Kept on request: the retention purge never deletes it (`POST …/keep`). */
  keep: boolean
}

/** `GET /rooms/:roomId/recordings`. */
export interface RecordingsAnswer {
  recordings: Recording[]
}

/** `POST /rooms/:roomId/recordings/:recordId/publish` and `…/keep`, `PATCH /rooms/:roomId/recordings/:recordId`. */
export interface RecordingAnswer {
  recording: Recording
}
