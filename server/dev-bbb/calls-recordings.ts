import { fail, list, META_NAME, number, xml, type CallContext, type Reply } from './call-context.js'
import type { Recording } from './model.js'
import { recordingXml } from './render.js'
import { el, response } from './xml.js'

// The recording calls (RecordingController): getRecordings and its filters, publish/update/delete, text tracks.

export function getRecordings(c: CallContext): Reply {
  const p = c.params
  const recordIDs = list(p.get('recordID'))
  const meetingIDs = list(p.get('meetingID'))
  const states = list(p.get('state'))
  const metaFilters: [string, string][] = []
  for (const [k, v] of p.entries()) if (META_NAME.test(k)) metaFilters.push([k.slice(5).toLowerCase(), v])
  const offset = number(p, 'offset', 0, true)
  if (typeof offset !== 'number') return offset
  const limit = number(p, 'limit', 100, true)
  if (typeof limit !== 'number') return limit
  const wanted = (r: Recording): boolean => {
    if (recordIDs.length > 0) {
      if (!recordIDs.some((id) => r.recordID.startsWith(id))) return false
    } else if (meetingIDs.length > 0 && !meetingIDs.includes(r.meetingID)) return false
    if (states.includes('any')) {
      // every state
    } else if (states.length > 0) {
      if (!states.includes(r.state)) return false
    } else if (r.state === 'deleted') return false
    return metaFilters.every(([k, v]) => r.metadata.get(k) === v)
  }
  const found = [...c.state.recordings.values()].filter(wanted)
  const page = found.slice(offset, offset + Math.min(100, Math.max(1, limit)))
  if (page.length === 0) {
    return xml(response('SUCCESS', el('messageKey', 'noRecordings') + el('message', 'No recordings found') + '<recordings/>'))
  }
  return xml(response('SUCCESS', `<recordings>${page.map(recordingXml).join('')}</recordings>`))
}

function findRecordings(c: CallContext): Recording[] | Reply {
  const ids = list(c.params.get('recordID'))
  if (ids.length === 0) return fail('missingParamRecordID', 'You must specify one or more a recordIDs.')
  const found = ids.map((id) => c.state.recordings.get(id)).filter((r): r is Recording => !!r)
  if (found.length === 0) return fail('notFound', 'Could not find recording')
  return found
}

export function publishRecordings(c: CallContext): Reply {
  const found = findRecordings(c)
  if (!Array.isArray(found)) return found
  const publish = c.params.text('publish')
  if (publish === undefined) return fail('missingParamPublish', 'You must specify a publish value true or false.')
  const value = publish.toLowerCase() === 'true'
  for (const r of found) c.state.recordings.setPublished(r, value)
  return xml(response('SUCCESS', el('published', value)))
}

export function deleteRecordings(c: CallContext): Reply {
  const found = findRecordings(c)
  if (!Array.isArray(found)) return found
  for (const r of found) c.state.recordings.markDeleted(r)
  return xml(response('SUCCESS', el('deleted', true)))
}

export function updateRecordings(c: CallContext): Reply {
  const found = findRecordings(c)
  if (!Array.isArray(found)) return found
  for (const [k, v] of c.params.entries()) {
    if (!META_NAME.test(k)) continue
    const key = k.slice(5).toLowerCase()
    for (const r of found) c.state.recordings.setMetadata(r, key, v)
  }
  return xml(response('SUCCESS', el('updated', true)))
}

function jsonFail(key: string, message: string): Reply {
  return { kind: 'json', body: { response: { returncode: 'FAILED', messageKey: key, message } } }
}

export function getRecordingTextTracks(c: CallContext): Reply {
  const id = c.params.text('recordID')
  if (id === undefined) return jsonFail('missingParameter', 'Param recordID is missing')
  const r = c.state.recordings.get(id)
  if (!r || r.state === 'deleted') return jsonFail('noRecordings', 'No recording found for ' + id)
  return {
    kind: 'json',
    body: {
      response: {
        returncode: 'SUCCESS',
        tracks: r.textTracks.map((t) => ({
          href: `${c.base}captions/${r.recordID}/${t.kind}_${t.lang}.vtt`,
          ...t,
        })),
      },
    },
  }
}

export function putRecordingTextTrack(c: CallContext): Reply {
  const p = c.params
  const id = p.text('recordID')
  const kind = p.text('kind')
  const lang = p.text('lang')
  if (id === undefined || kind === undefined || lang === undefined) {
    return jsonFail('paramError', 'recordID, kind and lang are required')
  }
  if (kind !== 'subtitles' && kind !== 'captions') return jsonFail('invalidKind', 'Invalid kind parameter, expected=subtitles|captions')
  if (!/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(lang)) return jsonFail('invalidLang', 'Malformed lang param')
  const r = c.state.recordings.get(id)
  if (!r || r.state === 'deleted') return jsonFail('noRecordings', 'No recording found for ' + id)
  const uploaded = c.rawBody && c.rawBody.length > 0
  c.state.recordings.putTextTrack(r, kind, lang, uploaded ? { kind, lang, label: p.text('label') ?? lang, source: 'upload' } : undefined)
  return {
    kind: 'json',
    body: {
      response: {
        messageKey: 'upload_text_track_success',
        message: 'Text track uploaded successfully',
        recordId: id,
        returncode: 'SUCCESS',
      },
    },
  }
}
