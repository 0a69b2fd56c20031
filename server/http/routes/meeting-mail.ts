import { Router } from 'express'
import { z } from 'zod'
import type { AttendeeActionBody, MeetingDeliveriesAnswer } from '../../contract/index.js'
import type { InviteDeps } from '../../invites/invite-deps.js'
import { meetingDeliveries, resendInvitation, revokeInvitation } from '../../invites/meeting-mail.js'
import { principalOf } from '../auth.js'
import { parseInput } from '../validate.js'

export const attendeeActionBody = z.object({ email: z.email().max(254) }).strict()

/**
 * Invitation mail of a scheduled meeting, inside `/api/v1` (host token, moderators of the room):
 * `GET /meetings/:id/deliveries` (each attendee's delivery state and personal link),
 * `POST /meetings/:id/deliveries/resend` and `POST /meetings/:id/invitations/revoke` (`{ email }`).
 */
export function meetingMailRouter(deps: InviteDeps): Router {
  const router = Router({ caseSensitive: true })

  router.get('/meetings/:id/deliveries', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json((await meetingDeliveries(deps, principalOf(res), req.params.id)) satisfies MeetingDeliveriesAnswer)
  })

  router.post('/meetings/:id/deliveries/resend', async (req, res) => {
    const body: AttendeeActionBody = parseInput(attendeeActionBody, req.body ?? {})
    res.json((await resendInvitation(deps, principalOf(res), req.params.id, body.email)) satisfies MeetingDeliveriesAnswer)
  })

  router.post('/meetings/:id/invitations/revoke', async (req, res) => {
    const body: AttendeeActionBody = parseInput(attendeeActionBody, req.body ?? {})
    res.json((await revokeInvitation(deps, principalOf(res), req.params.id, body.email)) satisfies MeetingDeliveriesAnswer)
  })

  return router
}
