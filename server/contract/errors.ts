/** Every code the HTTP API can answer with. Adding one means adding its status (`server/errors.ts`) and its texts. */
export type ErrorCode =
  // request shape
  | 'invalid_request'
  | 'invalid_json'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'route_not_found'
  | 'method_not_allowed'
  | 'rate_limited'
  // identity and permissions
  | 'invalid_token'
  | 'invalid_ticket'
  | 'not_a_member'
  | 'not_a_moderator'
  | 'not_a_manager'
  | 'not_admin'
  | 'forbidden'
  // rooms and meetings
  | 'room_not_found'
  | 'room_running'
  | 'meeting_not_running'
  | 'meeting_not_found'
  | 'meeting_not_open_yet'
  | 'capacity_exceeded'
  | 'recording_not_found'
  // room documents (slides)
  | 'document_not_found'
  | 'document_too_large'
  | 'document_type_not_allowed'
  | 'too_many_documents'
  | 'documents_quota_exceeded'
  | 'invalid_document_link'
  | 'run_not_found'
  // limits
  | 'invalid_limits'
  | 'policy_forbidden'
  | 'invalid_setting'
  | 'space_meeting_limit'
  | 'licence_meeting_limit'
  | 'room_full'
  | 'licence_full'
  | 'licence_full_internal'
  | 'licence_full_external'
  // links and guests
  | 'guests_not_allowed'
  | 'invalid_access_code'
  | 'access_code_required'
  | 'access_code_too_weak'
  | 'visitor_required'
  | 'oidc_not_configured'
  | 'oidc_failed'
  | 'invalid_calendar_key'
  | 'invitation_revoked'
  | 'invitation_expired'
  | 'invitation_not_found'
  | 'attendee_not_found'
  | 'mail_disabled'
  // callbacks
  | 'invalid_callback'
  // BigBlueButton
  | 'bbb_unavailable'
  | 'bbb_error'
  // anything else
  | 'service_unavailable'
  | 'internal_error'

/** The one error envelope of the API: `{ error: { code, message, details? } }` (message in the caller's language). */
export interface ErrorBody {
  error: {
    code: ErrorCode
    message: string
    details?: Record<string, unknown>
  }
}

/** The languages the service and the widget speak. */
export type Locale = 'fr' | 'en'
