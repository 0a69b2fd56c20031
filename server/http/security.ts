import type { Request, RequestHandler } from 'express'
import { ipKeyGenerator, rateLimit } from 'express-rate-limit'
import helmet from 'helmet'
import { AppError } from '../errors.js'

/**
 * Security headers (helmet) with the Content-Security-Policy the service's pages need: only the allowed host
 * origins may frame them or call the API. `upgrade-insecure-requests` is sent only when the service is reached
 * over https (`publicUrl`): over plain http (the demo opened from another machine) it would make the browser
 * fetch the page's own CSS and JS over https, which nothing answers.
 */
export function securityHeaders(options: { publicUrl: string; allowedOrigins: readonly string[] }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'frame-ancestors': ["'self'", ...options.allowedOrigins],
        'connect-src': ["'self'", ...options.allowedOrigins],
        'upgrade-insecure-requests': options.publicUrl.startsWith('https://') ? [] : null,
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  })
}

export interface RateLimitOptions {
  /** Requests per client address per minute on the routes without a host token. Default 600. */
  perMinute?: number
  /**
   * Refused answers (4xx) per client address per 10 minutes on callbacks, the calendar feed and the metrics
   * endpoint, where a refusal means a guessed signature, key or token. Default 50.
   */
  refusalsPer10Minutes?: number
}

/**
 * True for the routes that take no host token: `/healthz`, `/metrics`, `/callbacks/*`, room links (`/r/*`),
 * OpenID Connect (`/auth/*`), the demo (`/` and `/demo/*`) and the calendar feed
 * (`/api/v1/spaces/:id/calendar.ics`). The widget's static files and the development BBB are not limited.
 */
export function isTokenless(req: Request): boolean {
  const p = req.path
  if (p.startsWith('/widget/') || p.startsWith('/bigbluebutton/') || p === '/bigbluebutton') return false
  if (p.startsWith('/api/v1/')) return p.endsWith('/calendar.ics')
  return true
}

function guessable(req: Request): boolean {
  return req.path.startsWith('/callbacks/') || req.path === '/metrics' || req.path.endsWith('/calendar.ics')
}

const limited = (retryAfterSeconds: number): RequestHandler => (_req, _res, next) =>
  next(new AppError('rate_limited', 'Too many requests. Wait a little and try again.', { details: { retryAfterSeconds } }))

/**
 * Rate limits for the routes without a host token (express-rate-limit, in-memory: the counts are per
 * instance, so N instances let N times the limit through). Keys are the client address after the trusted
 * proxy (`trust proxy`). Answers `429 rate_limited` with `RateLimit` headers (draft-8).
 *
 * Two limits: every request counts against `perMinute`; on callbacks, the calendar feed and `/metrics` each
 * refused answer also counts against `refusalsPer10Minutes`, so an address sending forged BBB callbacks or
 * guessing keys is cut off, while BBB's signed callbacks never count (however many meetings it reports on).
 * Guest joins and access codes have their own limits in the room-link router.
 */
export function tokenlessRateLimits(options: RateLimitOptions = {}): RequestHandler {
  const all = rateLimit({
    windowMs: 60_000,
    limit: options.perMinute ?? 600,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => !isTokenless(req),
    handler: limited(60),
  })
  const refusals = rateLimit({
    windowMs: 10 * 60_000,
    limit: options.refusalsPer10Minutes ?? 50,
    standardHeaders: false,
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode < 400 || res.statusCode === 429,
    skip: (req) => !guessable(req),
    keyGenerator: (req) => `refused:${ipKeyGenerator(req.ip ?? 'unknown')}`,
    handler: limited(600),
  })
  return (req, res, next) => {
    all(req, res, (err?: unknown) => {
      if (err !== undefined) {
        next(err)
        return
      }
      void refusals(req, res, next)
    })
  }
}
