import type { Generated } from 'kysely'

/**
 * The tables as Kysely sees them. Portable across SQLite and PostgreSQL: times are bigint epoch ms, booleans are
 * integers 0/1, structured values are JSON text.
 */
export interface Database {
  rooms: RoomsTable
  spaces: SpacesTable
  meeting_runs: MeetingRunsTable
  audit: AuditTable
  settings: SettingsTable
  space_limits: SpaceLimitsTable
  seats: SeatsTable
  identities: IdentitiesTable
  scheduled_meetings: ScheduledMeetingsTable
  calendar_keys: CalendarKeysTable
  recordings: RecordingsTable
  room_documents: RoomDocumentsTable
  document_chunks: DocumentChunksTable
  presets: PresetsTable
  space_branding: SpaceBrandingTable
}

export interface PresetsTable {
  id: string
  /** null: a global preset. */
  space_id: string | null
  name: string
  settings: string
  created_at: number
  updated_at: number
}

export interface SpaceBrandingTable {
  space_id: string
  value: string
  updated_at: number
}

export interface SpacesTable {
  space_id: string
  display_name: string
  updated_at: number
}

export interface RoomsTable {
  id: string
  space_id: string
  name: string
  meeting_id: string
  is_default: number
  settings: string
  created_at: number
  updated_at: number
}

export interface MeetingRunsTable {
  id: string
  meeting_id: string
  room_id: string
  space_id: string
  create_time: number | null
  internal_meeting_id: string | null
  moderator_pw: string | null
  started_by: string
  started_at: number
  ended_at: number | null
}

export interface AuditTable {
  id: Generated<number>
  at: number
  actor: string
  actor_name: string | null
  space_id: string | null
  room_id: string | null
  action: string
  details: string
}

export interface SettingsTable {
  key: string
  value: string
  updated_at: number
}

export interface SpaceLimitsTable {
  space_id: string
  value: string
  updated_at: number
}

export interface SeatsTable {
  meeting_id: string
  user_id: string
  room_id: string
  space_id: string
  kind: 'internal' | 'external'
  moderator: number
  /** `reserved` (join URL granted, expires at expires_at) or `present` (seen in BBB, no expiry). */
  state: 'reserved' | 'present'
  expires_at: number | null
  created_at: number
}

export interface IdentitiesTable {
  sub: string
  name: string
  email: string | null
  /** Lower-cased email for look-ups. */
  email_key: string | null
  external: number
  spaces: string
  seen_at: number
}

export interface ScheduledMeetingsTable {
  id: string
  room_id: string
  space_id: string
  uid: string
  title: string
  description: string | null
  start_at: number
  end_at: number
  timezone: string
  attendees: string
  sequence: number
  organizer: string
  /** JSON `{internal, external}` or null (migration 0006). */
  expected_attendees?: string | null
  cancelled_at: number | null
  created_at: number
  updated_at: number
}

export interface CalendarKeysTable {
  key: string
  space_id: string
  created_at: number
  revoked_at: number | null
}

export interface RecordingsTable {
  record_id: string
  meeting_id: string
  room_id: string | null
  ready_at: number
}

export interface RoomDocumentsTable {
  id: string
  room_id: string
  filename: string
  content_type: string
  size: number
  source_url: string | null
  /** 0 while the upload is being written (never listed nor served), 1 once kept. */
  complete: number
  created_by: string
  created_at: number
}

export interface DocumentChunksTable {
  document_id: string
  seq: number
  data: Buffer
}
