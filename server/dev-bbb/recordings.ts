import type { Meeting, Recording } from './model.js'

export interface TextTrack {
  kind: string
  lang: string
  label: string
  source: string
}

/**
 * The recordings of ended meetings, keyed by recordID (the meeting's internal id), oldest dropped past the
 * cap. Read through the getters; changed only through the methods.
 */
export class Recordings {
  private readonly byId = new Map<string, Recording>()

  constructor(private readonly max: number) {}

  get size(): number {
    return this.byId.size
  }

  get(recordID: string): Recording | undefined {
    return this.byId.get(recordID)
  }

  has(recordID: string): boolean {
    return this.byId.has(recordID)
  }

  keys(): IterableIterator<string> {
    return this.byId.keys()
  }

  values(): IterableIterator<Recording> {
    return this.byId.values()
  }

  /** The published recording of an ended meeting, its playback page under `playbackBase`. */
  addFor(meeting: Meeting, playbackBase: string): Recording {
    const recordID = meeting.internalMeetingID
    const metadata = new Map(meeting.metadata)
    metadata.set('isBreakout', 'false')
    metadata.set('meetingId', meeting.meetingID)
    metadata.set('meetingName', meeting.name)
    const recording: Recording = {
      recordID,
      meetingID: meeting.meetingID,
      internalMeetingID: meeting.internalMeetingID,
      name: meeting.name,
      published: true,
      state: 'published',
      startTime: meeting.createTime,
      endTime: meeting.endTime,
      participants: meeting.uniqueUsers.size,
      metadata,
      formats: [
        {
          type: 'presentation',
          url: `${playbackBase}playback/presentation/2.3/${recordID}`,
          processingTime: 0,
          length: Math.round((meeting.endTime - meeting.createTime) / 60_000),
        },
      ],
      textTracks: [],
    }
    this.byId.set(recordID, recording)
    while (this.byId.size > this.max) this.byId.delete(this.byId.keys().next().value as string)
    return recording
  }

  /** publishRecordings: deleted ones stay deleted. */
  setPublished(recording: Recording, published: boolean): void {
    if (recording.state === 'deleted') return
    recording.published = published
    recording.state = published ? 'published' : 'unpublished'
  }

  /** deleteRecordings: kept, marked deleted (getRecordings with state=deleted or any still lists it). */
  markDeleted(recording: Recording): void {
    recording.state = 'deleted'
    recording.published = false
  }

  /** updateRecordings: an empty value removes the metadata key. */
  setMetadata(recording: Recording, key: string, value: string): void {
    if (value === '') recording.metadata.delete(key)
    else recording.metadata.set(key, value)
  }

  /** putRecordingTextTrack: replaces the track of that kind and language; no track (empty upload) removes it. */
  putTextTrack(recording: Recording, kind: string, lang: string, track: TextTrack | undefined): void {
    recording.textTracks = recording.textTracks.filter((t) => !(t.kind === kind && t.lang === lang))
    if (track) recording.textTracks.push(track)
  }
}
