import express from 'express'
import type { Controls, DevFault } from './api-route.js'
import type { Attendee, Role } from './model.js'
import type { DevState } from './state.js'

/**
 * Mounts the development routes under `/dev`: call counters, fault injection, and simulated attendees (who
 * count like people on the client page and fire the same webhooks). Off in production.
 */
export function mountDevRoutes(router: express.Router, deps: { state: DevState; controls: Controls; clock: () => number }): void {
  const { state, controls, clock } = deps
  router.use('/dev', express.json({ limit: '64kb' }))
  router.get('/dev/stats', (_req, res) => void res.json({ calls: { ...controls.calls } }))
  router.post('/dev/stats/reset', (_req, res) => {
    for (const k of Object.keys(controls.calls)) delete controls.calls[k]
    res.json({ calls: {} })
  })
  router.get('/dev/faults', (_req, res) => void res.json(controls.fault))
  router.post('/dev/faults', (req, res) => {
    const b = (req.body ?? {}) as Partial<DevFault>
    const modes = ['down', 'slow', 'error', 'malformed', 'none']
    if (typeof b.mode !== 'string' || !modes.includes(b.mode)) {
      res.status(400).json({ error: { code: 'invalid_request', message: `mode must be one of ${modes.join(', ')}` } })
      return
    }
    controls.fault = {
      mode: b.mode,
      ...(Array.isArray(b.calls) ? { calls: b.calls.map(String) } : {}),
      ...(typeof b.delayMs === 'number' ? { delayMs: b.delayMs } : {}),
      ...(b.status === 502 ? { status: 502 as const } : {}),
    }
    res.json(controls.fault)
  })
  // The create parameters a meeting was made with, exactly as received (tests read them back).
  router.get('/dev/meetings/:meetingID', (req, res) => {
    const meeting = state.meetings.get(req.params.meetingID)
    if (!meeting) {
      res.status(404).json({ error: { code: 'meeting_not_found', message: 'No meeting with that meetingID' } })
      return
    }
    res.json({ meetingID: meeting.meetingID, state: meeting.state, createParams: meeting.createParams ?? {} })
  })
  router.post('/dev/meetings/:meetingID/attendees', (req, res) => {
    const meeting = state.meetings.get(req.params.meetingID)
    if (!meeting || meeting.state !== 'running') {
      res.status(404).json({ error: { code: 'meeting_not_found', message: 'No running meeting with that meetingID' } })
      return
    }
    const b = (req.body ?? {}) as { count?: number; role?: string; guest?: boolean; userID?: string; fullName?: string }
    const count = Math.min(1000, Math.max(1, Math.floor(Number(b.count ?? 1)) || 1))
    const role: Role = String(b.role ?? 'VIEWER').toUpperCase() === 'MODERATOR' ? 'MODERATOR' : 'VIEWER'
    const added: Attendee[] = []
    for (let i = 0; i < count; i++) {
      const internalUserID = `w_sim${Math.random().toString(36).slice(2, 11)}`
      const userID = b.userID ? (count > 1 ? `${b.userID}-${i + 1}` : b.userID) : internalUserID
      if (!state.meetings.hasSeatFor(meeting, userID)) {
        res.status(409).json({
          error: { code: 'maxParticipantsReached', message: 'The meeting is full', details: { added: added.length } },
          attendees: added,
        })
        return
      }
      const attendee: Attendee = {
        internalUserID,
        userID,
        fullName: b.fullName ? (count > 1 ? `${b.fullName} ${i + 1}` : b.fullName) : `Simulated ${role === 'MODERATOR' ? 'moderator' : 'viewer'} ${meeting.attendees.size + 1}`,
        role,
        guest: b.guest === true,
        simulated: true,
        lastSeen: clock(),
      }
      state.meetings.addAttendee(meeting, attendee)
      added.push(attendee)
    }
    res.status(201).json({ attendees: added.map(({ internalUserID, userID, fullName, role, guest }) => ({ internalUserID, userID, fullName, role, guest })) })
  })
  // The presentation documents of a meeting, once every download started so far is done.
  router.get('/dev/meetings/:meetingID/presentations', async (req, res) => {
    const meeting = state.meetings.get(req.params.meetingID)
    if (!meeting) {
      res.status(404).json({ error: { code: 'meeting_not_found', message: 'No meeting with that meetingID' } })
      return
    }
    await state.meetings.presentationsSettled()
    res.json({ presentations: meeting.presentations })
  })
  router.delete('/dev/meetings/:meetingID/attendees/:userID', (req, res) => {
    const meeting = state.meetings.get(req.params.meetingID)
    const attendee = meeting ? state.meetings.findAttendee(meeting, req.params.userID) : undefined
    if (!meeting || !attendee) {
      res.status(404).json({ error: { code: 'attendee_not_found', message: 'No such attendee in that meeting' } })
      return
    }
    state.meetings.removeAttendee(meeting, attendee.internalUserID)
    res.status(204).end()
  })
}
