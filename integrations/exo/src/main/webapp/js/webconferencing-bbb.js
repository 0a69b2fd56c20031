(function (webConferencing) {
  /* global eXo */
  /**
   * BigBlueButton provider module for eXo web-conferencing (AMD module SHARED/webConferencing_bbb), backed by
   * bbb-spaces. GateIn wraps this file as the body of the module's factory (`return <this expression>`), with
   * `webConferencing` (SHARED/webConferencing) in scope: the file is one expression returning the provider, and
   * it starts on its first line, so that a wrapper's `return ` in front of it cannot be cut by a line break.
   *
   * A button per call place (space banner, chat room, user popover...): it resolves at once, then reads the host
   * token from /rest/bbbspaces/token and the space's default room from bbb-spaces, shows the room's live status
   * from bbb-spaces' server push, and on click opens the call window first, joins, and mirrors starts and ends
   * into eXo's call registry.
   */
  'use strict'
  var globalWc = typeof eXo !== 'undefined' && eXo && eXo.webConferencing ? eXo.webConferencing : null
  if (!webConferencing) webConferencing = globalWc
  if (!webConferencing) {
    if (window.console) window.console.log('WARN: webConferencing is not defined; the BigBlueButton provider is not registered.')
    return null
  }
  var log = webConferencing.getLog('bbb')

  var MESSAGES = {
    en: {
      start: 'Start a meeting',
      join: 'Join',
      joinCount: 'Join ({n} in)',
      waiting: 'Waiting for a moderator…',
      waitingPage: 'The meeting has not started yet. This window joins by itself as soon as a moderator starts it.',
      opening: 'Opening the meeting…',
      errorTitle: 'BigBlueButton',
      unavailable: 'The video service is unavailable. Try again in a moment.',
      codes: {
        licence_full_external: 'The external participant limit is reached. Try again later.',
        licence_full_internal: 'The participant limit for internal users is reached. Try again later.',
        licence_full: 'The participant limit of the video service is reached. Try again later.',
        room_full: 'This room is full. Try again later.',
        not_a_member: 'You are not a member of this space.',
        bbb_unavailable: 'The video service is unavailable. Try again in a moment.',
      },
    },
    fr: {
      start: 'Démarrer une réunion',
      join: 'Rejoindre',
      joinCount: 'Rejoindre ({n} présents)',
      waiting: 'En attente d’un modérateur…',
      waitingPage: 'La réunion n’a pas encore commencé. Cette fenêtre la rejoindra dès qu’un modérateur la démarrera.',
      opening: 'Ouverture de la réunion…',
      errorTitle: 'BigBlueButton',
      unavailable: 'Le service de visioconférence est indisponible. Réessayez dans un instant.',
      codes: {
        licence_full_external: 'La limite de participants externes est atteinte. Réessayez plus tard.',
        licence_full_internal: 'La limite de participants internes est atteinte. Réessayez plus tard.',
        licence_full: 'La limite de participants du service de visioconférence est atteinte. Réessayez plus tard.',
        room_full: 'Cette salle est pleine. Réessayez plus tard.',
        not_a_member: 'Vous n’êtes pas membre de cet espace.',
        bbb_unavailable: 'Le service de visioconférence est indisponible. Réessayez dans un instant.',
      },
    },
  }

  function language() {
    var lang = typeof eXo !== 'undefined' && eXo.env && eXo.env.portal && eXo.env.portal.language
    return String(lang || 'en').toLowerCase().indexOf('fr') === 0 ? 'fr' : 'en'
  }

  function text(key, n) {
    var m = MESSAGES[language()]
    return String(m[key]).replace('{n}', String(n))
  }

  function errorText(err) {
    var m = MESSAGES[language()]
    return (err && err.code && m.codes[err.code]) || (err && err.message) || m.unavailable
  }

  /** A Error carrying bbb-spaces' (or the token endpoint's) stable code. */
  function coded(code, message, status) {
    var e = new Error(message || code)
    e.code = code
    e.status = status
    return e
  }

  function readError(res) {
    return res
      .json()
      .catch(function () {
        return {}
      })
      .then(function (body) {
        var e = (body && body.error) || {}
        throw coded(e.code || 'http_' + res.status, e.message, res.status)
      })
  }

  function safeId(s) {
    return String(s).replace(/[^A-Za-z0-9_-]/g, '_')
  }

  function createProvider() {
    var self = {}
    var settings = null
    // callId -> { owner, room } so that getCallUrl/findCallId work for Agenda and invite links.
    var calls = {}
    var tokens = {}

    self.linkSupported = true
    self.groupSupported = true

    self.getType = function () {
      return settings ? settings.type : 'bbb'
    }
    self.getSupportedTypes = function () {
      return settings ? settings.supportedTypes : ['bbb', 'space', 'chat_room', 'user', 'space_event']
    }
    self.getTitle = function () {
      return settings ? settings.title : 'BigBlueButton'
    }
    self.configure = function (newSettings) {
      settings = newSettings
    }
    self.init = function () {
      return Promise.resolve()
    }

    function serviceUrl() {
      return settings.url.replace(/\/+$/, '')
    }

    /** Who owns the call for the token endpoint: a space (also a space's chat room), a team room or a 1:1. */
    function ownerOf(context) {
      if (context.spaceId) return { ownerType: context.isSpaceEvent ? 'space_event' : 'space', ownerId: context.spaceId }
      if (context.isRoom && context.roomId) return { ownerType: 'chat_room', ownerId: context.roomId }
      if (context.userId) return { ownerType: 'user', ownerId: context.userId }
      return null
    }

    /** eXo's call ids, as the Jitsi connector builds them; known without any network call. */
    function callIdOf(context) {
      if (context.isSpaceEvent && context.spaceId) {
        return 'g_' + safeId(context.spaceId) + '-' + Math.random().toString(16).slice(2) + Date.now().toString(16)
      }
      if (context.spaceId) return 'g_' + safeId(context.spaceId)
      if (context.isRoom) return 'g_' + safeId(context.roomName || context.roomId)
      var me = context.currentUser && (context.currentUser.id || context.currentUser)
      return 'p_' + [String(me), String(context.userId)].sort().map(safeId).join('-')
    }

    function tokenFor(owner) {
      var key = owner.ownerType + ':' + owner.ownerId
      var cached = tokens[key]
      if (cached && cached.expiresAt * 1000 - Date.now() > 15000) return Promise.resolve(cached)
      var portal = eXo.env.portal
      var url =
        portal.context + '/' + portal.rest + '/bbbspaces/token?ownerType=' + encodeURIComponent(owner.ownerType) +
        '&ownerId=' + encodeURIComponent(owner.ownerId)
      return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (res) {
        if (!res.ok) return readError(res)
        return res.json().then(function (issued) {
          tokens[key] = issued
          return issued
        })
      })
    }

    function api(issued, method, path, body) {
      var init = { method: method, headers: { Authorization: 'Bearer ' + issued.token, Accept: 'application/json' } }
      if (body !== undefined) {
        init.headers['Content-Type'] = 'application/json'
        init.body = JSON.stringify(body)
      }
      init.headers['Accept-Language'] = language()
      return fetch(serviceUrl() + '/api/v1' + path, init).then(function (res) {
        if (!res.ok) return readError(res)
        return res.status === 204 ? null : res.json()
      })
    }

    /** The space's default room (bbb-spaces creates it on the first read), named after the eXo space. */
    function defaultRoom(owner) {
      return tokenFor(owner).then(function (issued) {
        return api(issued, 'GET', '/spaces/' + encodeURIComponent(issued.spaceId) + '/rooms').then(function (list) {
          var room = list.rooms[0]
          var generated = issued.spaceId + ' — meeting room'
          if (room.canManage && issued.spaceName && room.name === generated) {
            return api(issued, 'PATCH', '/rooms/' + encodeURIComponent(room.id), { name: issued.spaceName })
              .then(function (r) {
                return { issued: issued, room: r.room }
              })
              .catch(function () {
                return { issued: issued, room: room }
              })
          }
          return { issued: issued, room: room }
        })
      })
    }

    self.getCallId = function (context) {
      return Promise.resolve(callIdOf(context)).then(function (id) {
        var owner = ownerOf(context)
        if (owner && !calls[id]) calls[id] = { owner: owner }
        return id
      })
    }

    /** The room's stable link (/r/:roomId): it signs a fresh join when clicked, so Agenda events can carry it. */
    self.getCallUrl = function (callId) {
      var known = calls[callId]
      if (!known) return Promise.reject(coded('unknown_call', 'Unknown call ' + callId))
      if (known.room) return Promise.resolve(serviceUrl() + '/r/' + known.room.id)
      return defaultRoom(known.owner).then(function (found) {
        known.room = found.room
        return serviceUrl() + '/r/' + found.room.id
      })
    }

    self.findCallId = function (url) {
      for (var id in calls) {
        if (calls[id].room && url.indexOf(serviceUrl() + '/r/' + calls[id].room.id) === 0) return id
      }
      return null
    }

    self.getInviteLink = function (call) {
      return self.getCallUrl(call.id)
    }

    /** Mirrors a start (or a join into a stopped eXo call) into eXo's registry; failures only logged. */
    function mirrorStart(callId, context, owner, title) {
      return webConferencing
        .getCall(callId)
        .then(function (call) {
          if (call.state !== 'started') return webConferencing.updateCall(callId, 'started')
          return call
        })
        .catch(function (err) {
          if (!err || err.code !== 'NOT_FOUND_ERROR') throw err
          var me = context.currentUser && (context.currentUser.id || context.currentUser)
          return webConferencing.addCall(callId, {
            owner: owner.ownerType === 'user' ? me : owner.ownerId,
            ownerType: owner.ownerType,
            provider: self.getType(),
            title: title,
            participants: owner.ownerType === 'user' ? [me, owner.ownerId].join(';') : me,
          })
        })
        .catch(function (err) {
          log.warn('Cannot mirror the start of ' + callId + ' into eXo', err)
        })
    }

    function mirrorEnd(callId) {
      return webConferencing
        .getCall(callId)
        .then(function (call) {
          if (call.state === 'started') return webConferencing.updateCall(callId, 'stopped')
          return call
        })
        .catch(function () {
          // No eXo call to stop.
        })
    }

    /**
     * MUST resolve with an array of buttons at once: CallButtons collects buttons ~200 ms after the provider
     * list arrives and sorts them on callSettings.urlConnector. Everything that needs the network happens after.
     */
    self.callButton = function (context) {
      if (!settings || !context) return Promise.reject('Not configured or empty context')
      var owner = ownerOf(context)
      if (!owner) return Promise.reject('No call target in this context')
      var callId = callIdOf(context)
      calls[callId] = calls[callId] || { owner: owner }

      var state = { room: null, issued: null, running: false, participants: 0, waitingWindow: null, stream: null, wasConnected: false }
      var button = document.createElement('button')
      button.type = 'button'
      button.className = 'bbb-call-button'
      button.setAttribute('data-call-id', callId)
      var label = document.createElement('span')
      label.className = 'bbb-call-label'
      button.appendChild(label)
      var live = document.createElement('span')
      live.className = 'bbb-call-live'
      live.setAttribute('role', 'status')
      live.setAttribute('aria-live', 'polite')
      live.style.cssText = 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)'
      button.appendChild(live)

      function render() {
        var t
        if (state.waitingWindow) t = text('waiting')
        else if (state.running) t = text('joinCount', state.participants)
        else if (state.room && state.room.canStart) t = text('start')
        else if (state.room) t = text('join')
        else t = self.getTitle()
        if (label.textContent !== t) {
          label.textContent = t
          if (state.room) live.textContent = t
        }
        button.setAttribute('data-state', state.waitingWindow ? 'waiting' : state.running ? 'running' : 'idle')
      }
      render()

      function applyStatus(status) {
        var wasRunning = state.running
        state.running = !!status.running
        state.participants = status.participants || 0
        if (wasRunning && !state.running) mirrorEnd(callId)
        if (state.running && state.waitingWindow) {
          var win = state.waitingWindow
          state.waitingWindow = null
          join(win)
        }
        render()
      }

      /** A button CallButtons replaced (eXo re-renders on every update()) stops listening. */
      function gone() {
        if (button.isConnected) state.wasConnected = true
        return state.wasConnected && !button.isConnected
      }

      function retry(delayMs) {
        setTimeout(function () {
          if (!gone()) listen(Math.min(delayMs * 2, 30000))
        }, delayMs)
      }

      /** bbb-spaces' server push for the space: a 60 s ticket (the token never goes in a URL), then SSE. */
      function listen(delayMs) {
        tokenFor(owner)
          .then(function (issued) {
            return api(issued, 'POST', '/events/tickets', {}).then(function (t) {
              var source = new EventSource(
                serviceUrl() + '/api/v1/spaces/' + encodeURIComponent(issued.spaceId) + '/events?ticket=' + encodeURIComponent(t.ticket),
              )
              state.stream = source
              source.onopen = function () {
                delayMs = 1000
              }
              function forUs(ev, apply) {
                if (gone()) {
                  source.close()
                  state.stream = null
                  return
                }
                var data = JSON.parse(ev.data)
                if (state.room && data.roomId === state.room.id) apply(data)
              }
              source.addEventListener('status', function (ev) {
                forUs(ev, applyStatus)
              })
              source.addEventListener('ended', function (ev) {
                forUs(ev, function () {
                  applyStatus({ running: false, participants: 0 })
                })
              })
              source.onerror = function () {
                // Tickets expire: a stream that drops is reopened with a fresh one, backing off up to 30 s.
                source.close()
                state.stream = null
                retry(delayMs)
              }
            })
          })
          .catch(function (err) {
            log.warn('No live status for ' + callId, err)
            retry(delayMs)
          })
      }

      function prepare() {
        return defaultRoom(owner).then(function (found) {
          state.issued = found.issued
          state.room = found.room
          calls[callId].room = found.room
          state.running = found.room.status.running
          state.participants = found.room.status.participants
          render()
          return found
        })
      }

      function showWaiting(win) {
        state.waitingWindow = win
        render()
        try {
          win.document.title = text('waiting')
          win.document.body.innerHTML = ''
          var p = win.document.createElement('p')
          p.setAttribute('role', 'status')
          p.textContent = text('waitingPage')
          win.document.body.appendChild(p)
        } catch (e) {
          log.debug('Cannot write into the call window', e)
        }
      }

      function fail(win, err) {
        if (win && !win.closed) win.close()
        state.waitingWindow = null
        render()
        log.warn('BigBlueButton call failed for ' + callId, err)
        setTimeout(function () {
          webConferencing.showError(text('errorTitle'), errorText(err))
        }, 50)
      }

      function join(win) {
        var ready = state.room ? Promise.resolve() : prepare()
        return ready
          .then(function () {
            return tokenFor(owner)
          })
          .then(function (issued) {
            return api(issued, 'POST', '/rooms/' + encodeURIComponent(state.room.id) + '/join', {})
          })
          .then(function (result) {
            if (result.role === 'MODERATOR' || state.running) mirrorStart(callId, context, owner, (state.issued && state.issued.spaceName) || self.getTitle())
            win.location = result.joinUrl
          })
          .catch(function (err) {
            if (err && err.code === 'meeting_not_running') showWaiting(win)
            else fail(win, err)
          })
      }

      var callSettings = {
        callId: callId,
        context: context,
        provider: self,
        title: self.getTitle(),
        // Not an external visio link: CallButtons sorts on this field, so it must exist on every button.
        urlConnector: '',
        onCallOpen: function () {
          // The window first, before anything asynchronous, or popup blockers stop it.
          var win = webConferencing.showCallWindow('', self.getType() + '-' + callId)
          if (!win) return
          try {
            win.document.title = text('opening')
          } catch {
            // a window of another origin
          }
          join(win)
        },
      }
      button.callSettings = callSettings
      button.addEventListener('click', function (ev) {
        ev.preventDefault()
        if (state.waitingWindow && !state.waitingWindow.closed) {
          state.waitingWindow.focus()
          return
        }
        state.waitingWindow = null
        callSettings.onCallOpen()
      })

      // After resolving: the token and room, then the live status.
      setTimeout(function () {
        prepare()
          .then(function () {
            listen(1000)
          })
          .catch(function (err) {
            log.warn('BigBlueButton room unavailable for ' + callId, err)
          })
      }, 0)

      return Promise.resolve([button])
    }

    return self
  }

  var provider = createProvider()
  if (globalWc) globalWc.bbb = provider
  log.trace('BigBlueButton provider loaded')
  return provider
})(webConferencing) /* global webConferencing -- the module factory's argument */
