export { createBbbClient, DEFAULT_MAX_ANSWER_BYTES, normalizeEndpoint } from './client.js'
export type { BbbClient, BbbClientOptions, BbbUrls } from './client.js'
export { CHECKSUM_ALGORITHMS, algorithmForChecksum, checksum, checksumsEqual, isChecksumAlgorithm } from './checksum.js'
export type { ChecksumAlgorithm } from './checksum.js'
export { buildQuery, encodeValue, splitChecksum } from './query.js'
export type { QueryValue } from './query.js'
export { modulesXml, toWireParams } from './calls.js'
export type {
  BbbCallName,
  CreateModules,
  CreateParams,
  DeleteRecordingsParams,
  DisabledFeature,
  EndParams,
  ExtraParams,
  GetMeetingInfoParams,
  GetRecordingsParams,
  GuestPolicy,
  HooksCreateParams,
  HooksDestroyParams,
  HooksListParams,
  InsertDocumentParams,
  JoinParams,
  MeetingIdParams,
  MeetingLayout,
  PresentationDocument,
  PublishRecordingsParams,
  RecordingState,
  Role,
  SendChatMessageParams,
  UpdateRecordingsParams,
} from './calls.js'
export {
  BbbApiError,
  BbbCallbackError,
  BbbError,
  BbbParamsError,
  BbbUnavailableError,
  isBbbApiError,
  isBbbError,
  isBbbUnavailableError,
  redactChecksum,
} from './errors.js'
export type { BbbUnavailableReason } from './errors.js'
export { RESPONSE_MAPPERS, readJsonResponse, toTextTracks } from './responses.js'
export type {
  ApiVersion,
  Attendee,
  BbbJsonResponse,
  CreateResult,
  GetMeetingsResult,
  GetRecordingsResult,
  Hook,
  HooksCreateResult,
  IsMeetingRunningResult,
  JoinResult,
  MeetingInfo,
  MessageResult,
  PlaybackFormat,
  PreviewImage,
  Recording,
  TextTrack,
} from './responses.js'
export { parseWebhookEvents, verifyAnalyticsAuthorization, verifyRecordingReadyJwt, verifyWebhookChecksum, webhookChecksum } from './callbacks.js'
export type { RecordingReady, WebhookEvent } from './callbacks.js'
export { createResilientBbbClient } from './resilient.js'
export type { BbbCallEvent, BbbCallOutcome, CircuitState, ResilienceOptions, ResilientBbbClient } from './resilient.js'
export { parseXml } from './xml.js'
export type { XmlDocument, XmlObject, XmlValue } from './xml.js'
