/**
 * Errors the service answers with. Every error a user can see has a stable lower_snake_case `code`
 * (the contract: clients and outside checks branch on it), an HTTP status taken from one table, and a
 * human message. `details` carries machine-readable extras (the bad field, the cap that refused…).
 */

import type { ErrorCode } from './contract/errors.js'

/** The codes live in the contract (shared with the widget); re-exported for the server's modules. */
export type { ErrorCode }

export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = Object.freeze({
  invalid_request: 400,
  invalid_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  route_not_found: 404,
  method_not_allowed: 405,
  rate_limited: 429,
  invalid_token: 401,
  invalid_ticket: 401,
  not_a_member: 403,
  not_a_moderator: 403,
  not_a_manager: 403,
  not_admin: 403,
  forbidden: 403,
  room_not_found: 404,
  room_running: 409,
  meeting_not_running: 409,
  meeting_not_found: 404,
  meeting_not_open_yet: 409,
  capacity_exceeded: 409,
  recording_not_found: 404,
  document_not_found: 404,
  document_too_large: 413,
  document_type_not_allowed: 415,
  too_many_documents: 409,
  documents_quota_exceeded: 413,
  invalid_document_link: 403,
  run_not_found: 404,
  invalid_limits: 400,
  policy_forbidden: 403,
  invalid_setting: 400,
  space_meeting_limit: 409,
  licence_meeting_limit: 409,
  room_full: 409,
  licence_full: 409,
  licence_full_internal: 409,
  licence_full_external: 409,
  guests_not_allowed: 403,
  invalid_access_code: 403,
  access_code_required: 401,
  access_code_too_weak: 400,
  visitor_required: 403,
  oidc_not_configured: 404,
  oidc_failed: 400,
  invalid_calendar_key: 404,
  invitation_revoked: 403,
  invitation_expired: 410,
  invitation_not_found: 404,
  attendee_not_found: 404,
  mail_disabled: 409,
  invalid_callback: 401,
  bbb_unavailable: 503,
  bbb_error: 502,
  service_unavailable: 503,
  internal_error: 500,
})

/** Every code, as a runtime list (for the catalogue's test and checks); the type below fails to compile when one is missing. */
export const ERROR_CODES = [
  'invalid_request',
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'route_not_found',
  'method_not_allowed',
  'rate_limited',
  'invalid_token',
  'invalid_ticket',
  'not_a_member',
  'not_a_moderator',
  'not_a_manager',
  'not_admin',
  'forbidden',
  'room_not_found',
  'room_running',
  'meeting_not_running',
  'meeting_not_found',
  'meeting_not_open_yet',
  'capacity_exceeded',
  'recording_not_found',
  'document_not_found',
  'document_too_large',
  'document_type_not_allowed',
  'too_many_documents',
  'documents_quota_exceeded',
  'invalid_document_link',
  'run_not_found',
  'invalid_limits',
  'policy_forbidden',
  'invalid_setting',
  'space_meeting_limit',
  'licence_meeting_limit',
  'room_full',
  'licence_full',
  'licence_full_internal',
  'licence_full_external',
  'guests_not_allowed',
  'invalid_access_code',
  'access_code_required',
  'access_code_too_weak',
  'visitor_required',
  'oidc_not_configured',
  'oidc_failed',
  'invalid_calendar_key',
  'invitation_revoked',
  'invitation_expired',
  'invitation_not_found',
  'attendee_not_found',
  'mail_disabled',
  'invalid_callback',
  'bbb_unavailable',
  'bbb_error',
  'service_unavailable',
  'internal_error',
] as const satisfies readonly ErrorCode[]

type AssertNever<T extends never> = T
/** Compiles only while {@link ERROR_CODES} lists every `ErrorCode`. */
export type ErrorCodesListed = AssertNever<Exclude<ErrorCode, (typeof ERROR_CODES)[number]>>

export interface AppErrorOptions {
  details?: Record<string, unknown>
  cause?: unknown
  /** Overrides the status from the table (rarely needed). */
  status?: number
}

/** The one error class the HTTP layer turns into `{ error: { code, message, details } }`. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly details: Record<string, unknown> | undefined

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.status = options.status ?? HTTP_STATUS[code]
    this.details = options.details
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError || (err instanceof Error && err.name === 'AppError' && 'code' in err)
}
