import { randomBytes } from 'node:crypto'
import type express from 'express'
import type { Request, Response } from 'express'
import { clientPage, clientState, landingPage, playbackPage } from './client-page.js'
import type { Session } from './model.js'
import type { DevState } from './state.js'

/**
 * Mounts the pages a browser sees: the landing page (where join errors land), the client page of a session
 * with its polling routes (state, heartbeat, leave, admit a guest), and recording playback.
 */
export function mountClient(router: express.Router, deps: { state: DevState; base: () => string }): void {
  const { state, base } = deps
  const stateOf = (session: Session) => {
    const meeting = state.meetings.meetingOf(session)
    return clientState(session, meeting, meeting ? state.meetings.waitingGuests(meeting) : [])
  }
  router.get('/', (req, res) => {
    const errors = typeof req.query.errors === 'string' ? req.query.errors : undefined
    res.type('html').send(landingPage(errors))
  })

  router.get('/playback/presentation/2.3/:recordID', (req, res) => {
    const rec = state.recordings.get(req.params.recordID)
    if (!rec || rec.state !== 'published') {
      res.status(404).type('html').send('<!doctype html><html lang="en"><title>Not found</title><p>No such recording.</p></html>')
      return
    }
    res.type('html').send(playbackPage(rec))
  })

  const sessionOf = (req: Request) => {
    const token = typeof req.query.sessionToken === 'string' ? req.query.sessionToken : ''
    return state.sessions.get(token)
  }
  const noSession = (res: Response) =>
    res.status(404).json({ error: { code: 'invalid_session', message: 'Unknown or expired sessionToken' } })

  router.get('/client', (req, res) => {
    const session = sessionOf(req)
    if (!session) {
      res.status(404).type('html').send(landingPage(JSON.stringify([{ key: 'invalidSession', message: 'Unknown or expired session' }])))
      return
    }
    const nonce = randomBytes(16).toString('base64')
    res.set('Content-Security-Policy', `default-src 'self'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'`)
    res.set('Cache-Control', 'no-store')
    res.type('html').send(clientPage(stateOf(session), session.token, base(), nonce))
  })
  router.get('/client/state', (req, res) => {
    const session = sessionOf(req)
    if (!session) return void noSession(res)
    res.json(stateOf(session))
  })
  router.post('/client/heartbeat', (req, res) => {
    const session = sessionOf(req)
    if (!session) return void noSession(res)
    state.meetings.heartbeat(session)
    res.json(stateOf(session))
  })
  router.post('/client/leave', (req, res) => {
    const session = sessionOf(req)
    if (!session) return void noSession(res)
    state.meetings.leave(session)
    res.json(stateOf(session))
  })
  router.post('/client/admit', (req, res) => {
    const session = sessionOf(req)
    if (!session) return void noSession(res)
    const meeting = state.meetings.meetingOf(session)
    if (!meeting || session.role !== 'MODERATOR' || session.state !== 'in') {
      res.status(403).json({ error: { code: 'not_a_moderator', message: 'Only a moderator in the meeting can admit guests' } })
      return
    }
    const decision = req.query.decision === 'deny' ? 'DENY' : 'ALLOW'
    if (typeof req.query.userID !== 'string' || !state.meetings.decideGuest(meeting, req.query.userID, decision)) {
      res.status(404).json({ error: { code: 'guest_not_found', message: 'No such guest waiting' } })
      return
    }
    res.json(stateOf(session))
  })
}
