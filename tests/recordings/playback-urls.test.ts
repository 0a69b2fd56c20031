import { describe, expect, it } from 'vitest'
import type { Recording } from '../../server/bbb/index.js'
import { systemClock } from '../../server/clock.js'
import { createRecordingsService } from '../../server/recordings/recordings.js'
import type { Room } from '../../server/model/index.js'

const MEETING = 'm-1'

function recording(recordID: string, urls: string[]): Recording {
  return {
    recordID, meetingID: MEETING, internalMeetingID: undefined, name: recordID, isBreakout: false, published: true, state: 'published',
    startTime: 1, endTime: 2, participants: 1, rawSize: undefined, size: undefined, metadata: {},
    formats: urls.map((url, i) => ({ type: `f${i}`, url, processingTime: undefined, length: 3, size: undefined, images: [] })),
  }
}

describe('recording playback links', () => {
  it('keeps only http(s) links: javascript:, data: and other schemes never reach the API', async () => {
    const recordings = [
      recording('r1', ['javascript:alert(document.cookie)', 'https://bbb.example.org/playback/presentation/2.3/r1']),
      recording('r2', ['data:text/html,<script>alert(1)</script>', ' JavaScript:alert(1)', 'vbscript:x', 'not a url']),
      recording('r3', ['http://bbb.example.org/playback/video/r3/']),
    ]
    const service = createRecordingsService({
      clock: systemClock,
      bbb: {
        getRecordings: async () => ({ recordings }),
        publishRecordings: async () => ({}),
        updateRecordings: async () => ({}),
        deleteRecordings: async () => ({}),
      },
    })
    const views = await service.list({ meetingId: MEETING } as Room, { includeUnpublished: true })
    const byId = Object.fromEntries(views.map((v) => [v.recordId, v]))
    expect(byId.r1!.playbackUrl).toBe('https://bbb.example.org/playback/presentation/2.3/r1')
    expect(byId.r1!.formats.map((f) => f.url)).toEqual(['https://bbb.example.org/playback/presentation/2.3/r1'])
    expect(byId.r2!.playbackUrl).toBeNull()
    expect(byId.r2!.formats).toEqual([])
    expect(byId.r3!.playbackUrl).toBe('http://bbb.example.org/playback/video/r3/')
  })
})
