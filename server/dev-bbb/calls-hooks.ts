import { fail, list, xml, type CallContext, type Reply } from './call-context.js'
import { hookXml } from './render.js'
import { el, response } from './xml.js'

// The bbb-webhooks API (hooks/create, hooks/list, hooks/destroy), as bbb-webhooks 3.x answers it.

export function hooksCreate(c: CallContext): Reply {
  const callbackURL = c.params.text('callbackURL')
  if (callbackURL === undefined) return fail('missingParamCallbackURL', 'You must specify a callbackURL in the parameters.')
  const eventIDs = list(c.params.get('eventID')).map((e) => e.toLowerCase())
  const result = c.webhooks.create({
    callbackURL,
    meetingID: c.params.text('meetingID'),
    eventIDs: eventIDs.length > 0 ? eventIDs : undefined,
    rawData: c.params.bool('getRaw', false),
  })
  if ('full' in result) return fail('createHookError', 'An error happened while creating your hook (too many hooks).')
  if (result.duplicate) {
    return xml(
      response(
        'SUCCESS',
        el('hookID', result.hook.hookID) +
          el('messageKey', 'duplicateWarning') +
          el('message', 'There is already a hook for this callback URL.'),
      ),
    )
  }
  return xml(
    response(
      'SUCCESS',
      el('hookID', result.hook.hookID) + '<permanentHook>false</permanentHook>' + el('rawData', result.hook.rawData),
    ),
  )
}

export function hooksList(c: CallContext): Reply {
  return xml(response('SUCCESS', `<hooks>${c.webhooks.list(c.params.text('meetingID')).map(hookXml).join('')}</hooks>`))
}

export function hooksDestroy(c: CallContext): Reply {
  const id = c.params.text('hookID')
  if (id === undefined) return fail('missingParamHookID', 'You must specify a hookID in the parameters.')
  if (!c.webhooks.destroy(Number(id))) return fail('destroyMissingHook', 'The hook informed was not found.')
  return xml(response('SUCCESS', el('removed', true)))
}
