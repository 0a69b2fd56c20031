import express, { Router } from 'express'
import { AppError } from '../../errors.js'
import type { AnalyticsCallbackAnswer, EndCallbackAnswer, RecordingReadyAnswer, WebhookAnswer } from '../../contract/index.js'
import type { BbbCallbacks } from '../../callbacks/bbb-callbacks.js'

/**
 * Receivers for BigBlueButton's calls to us, mounted at `/callbacks/bbb` (outside `/api/v1`: BBB has no host
 * token). Bodies are read raw (at most 1 MB) so the webhook checksum covers exactly the bytes received.
 *
 * - `POST /callbacks/bbb/webhook` bbb-webhooks events; `401 invalid_callback` unless
 *   `checksum = H(callbackURL + raw body + secret)` (or `Authorization: Bearer <secret>`, bbb-webhooks auth2_0).
 * - `GET|POST /callbacks/bbb/end/:token` the meeting's `meta_endCallbackUrl`; `401 invalid_callback` for a token
 *   we did not make; `200 { applied }` otherwise (a replayed or early call applies nothing).
 * - `POST /callbacks/bbb/recording-ready` form `signed_parameters` (JWT HS256/HS512 with the BBB secret);
 *   `401 invalid_callback` when it does not verify, `404 room_not_found` for a meeting that is not ours.
 * - `POST /callbacks/bbb/analytics` BBB's learning-dashboard JSON (`meta_analytics-callback-url`), `Authorization:
 *   Bearer` a JWT HS512 with the BBB secret; `401 invalid_callback`, `404 room_not_found` as above.
 */
export function callbacksRouter(deps: { callbacks: BbbCallbacks }): Router {
  const router = Router({ caseSensitive: true })
  const raw = express.text({ type: () => true, limit: '1mb' })

  router.post('/webhook', raw, async (req, res) => {
    const rawBody = typeof req.body === 'string' ? req.body : ''
    const checksum = typeof req.query.checksum === 'string' ? req.query.checksum : undefined
    const applied = await deps.callbacks.receiveWebhook({ rawBody, checksum, authorization: req.headers.authorization })
    res.json({ received: applied } satisfies WebhookAnswer)
  })

  const end: express.RequestHandler = async (req, res) => {
    const token = String(req.params.token ?? '')
    const applied = await deps.callbacks.endCallback(token, req.query.recordingmarks === 'true')
    res.json({ applied } satisfies EndCallbackAnswer)
  }
  router.get('/end/:token', end)
  router.post('/end/:token', raw, end)

  router.post('/recording-ready', raw, async (req, res) => {
    const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '')
    const signed = form.get('signed_parameters')
    if (!signed) {
      throw new AppError('invalid_callback', 'signed_parameters is required.', { details: { reason: 'missing' } })
    }
    const ready = await deps.callbacks.recordingReady(signed)
    res.json({ recorded: ready.recordId } satisfies RecordingReadyAnswer)
  })

  router.post('/analytics', raw, async (req, res) => {
    const rawBody = typeof req.body === 'string' ? req.body : ''
    const result = await deps.callbacks.analytics({ authorization: req.headers.authorization, rawBody })
    res.json(result satisfies AnalyticsCallbackAnswer)
  })

  return router
}
