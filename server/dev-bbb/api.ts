import type { CallContext, Reply } from './call-context.js'
import { hooksCreate, hooksDestroy, hooksList } from './calls-hooks.js'
import { create, end, getMeetingInfo, getMeetings, insertDocument, isMeetingRunning, join, sendChatMessage } from './calls-meetings.js'
import {
  deleteRecordings,
  getRecordings,
  getRecordingTextTracks,
  publishRecordings,
  putRecordingTextTrack,
  updateRecordings,
} from './calls-recordings.js'
import { getJoinUrl, getSessions, learningDashboard } from './calls-sessions.js'

export { JSON_CALLS, NOT_FOUND, type CallContext, type Reply } from './call-context.js'

/** The API calls the dev server knows, by call name (the path below `/api/`). */
export const HANDLERS: Record<string, (c: CallContext) => Reply | Promise<Reply>> = {
  create,
  join,
  end,
  isMeetingRunning,
  getMeetingInfo,
  getMeetings,
  getRecordings,
  publishRecordings,
  updateRecordings,
  deleteRecordings,
  insertDocument,
  sendChatMessage,
  getRecordingTextTracks,
  putRecordingTextTrack,
  getSessions,
  getJoinUrl,
  learningDashboard,
  'hooks/create': hooksCreate,
  'hooks/list': hooksList,
  'hooks/destroy': hooksDestroy,
}

/** Calls a Scalelite pool refuses with `unsupportedRequest`. */
export const SCALELITE_UNSUPPORTED = new Set([
  'hooks/create',
  'hooks/list',
  'hooks/destroy',
  'getRecordingTextTracks',
  'putRecordingTextTrack',
  'sendChatMessage',
  'getJoinUrl',
  'getSessions',
  'learningDashboard',
])
