/* global eXo */
/*
 * Stand-in for eXo web-conferencing's browser core (SHARED/webConferencing, SHARED/webConferencingPortlet) and
 * its CallButtons app, reproducing what providers rely on (see integrations/exo/README.md):
 * - addProvider() calls provider.init() and marks it initialized; getAllProviders() resolves the list;
 * - create*Context() build the contexts of the button places;
 * - the call registry (getCall rejects {code: "NOT_FOUND_ERROR"}, addCall, updateCall, deleteCall,
 *   updateParticipants) lives on the stand-in server, shared by every user, as eXo's does;
 * - update() registers one extension per button place; each mounts CallButtons in a container with class
 *   "call-button" and the place's type class;
 * - CallButtons collects provider.callButton(context) results for 200 ms after the provider list arrives (a
 *   later answer is dropped), flattens the arrays, sorts them on callSettings.urlConnector (a button without
 *   callSettings throws there, and then no button shows at all), and shows one button, or a "Call" dropdown
 *   when there are several.
 */
eXo.define('SHARED/webConferencing', ['SHARED/extensionRegistry'], function (extensionRegistry) {
  var providers = []
  var inits = []
  var errors = []
  var portal = eXo.env.portal
  var restBase = portal.context + '/' + portal.rest

  function getLog(name) {
    function out(level) {
      return function () {
        var args = ['[' + name + '] ' + level].concat([].slice.call(arguments))
        if (level === 'error') console.error.apply(console, args)
        else if (window.STANDIN_DEBUG) console.log.apply(console, args)
      }
    }
    return { trace: out('trace'), debug: out('debug'), info: out('info'), warn: out('warn'), error: out('error') }
  }

  function currentUser() {
    return { id: portal.userName, type: 'user' }
  }

  function callRequest(method, id, body, query) {
    var init = { method: method, credentials: 'same-origin', headers: { Accept: 'application/json' } }
    if (body) {
      init.headers['Content-Type'] = 'application/json'
      init.body = JSON.stringify(body)
    }
    return fetch(restBase + '/webconferencing/call/' + encodeURIComponent(id) + (query || ''), init).then(function (res) {
      return res.json().then(function (json) {
        if (!res.ok) throw json
        return json
      })
    })
  }

  function spaceDetails(spaceId) {
    return function () {
      return Promise.resolve({
        id: spaceId,
        title: portal.spaceDisplayName || spaceId,
        type: 'space',
        group: true,
        groupId: '/spaces/' + spaceId,
        members: {},
        callId: 'g_' + spaceId,
      })
    }
  }

  var wc = {
    getLog: getLog,
    getUser: currentUser,
    addProvider: function (provider) {
      if (providers.indexOf(provider) >= 0) return
      providers.push(provider)
      inits.push(
        Promise.resolve(provider.init ? provider.init({ currentUser: currentUser() }) : null).then(function () {
          provider.isInitialized = true
        }),
      )
    },
    getProvider: function (type) {
      for (var i = 0; i < providers.length; i++) if (providers[i].getType() === type) return providers[i]
      return null
    },
    getAllProviders: function () {
      return Promise.allSettled(inits).then(function () {
        return providers.filter(function (p) {
          return p.isInitialized
        })
      })
    },
    createSpaceContext: function (spaceId) {
      return {
        currentUser: currentUser(),
        spaceId: spaceId,
        isGroup: true,
        isSpace: true,
        isRoom: false,
        isUser: false,
        isSpaceEvent: false,
        details: spaceDetails(spaceId),
      }
    },
    createChatContext: function (room) {
      return {
        currentUser: currentUser(),
        roomId: room.id,
        roomName: room.name,
        roomTitle: room.title,
        spaceId: room.spaceId || null,
        isGroup: true,
        isSpace: !!room.spaceId,
        isRoom: true,
        isUser: false,
        isSpaceEvent: false,
        details: room.spaceId
          ? spaceDetails(room.spaceId)
          : function () {
              return Promise.resolve({ id: room.id, title: room.title, type: 'chat_room', group: true, members: {} })
            },
      }
    },
    createUserContext: function (userId) {
      return {
        currentUser: currentUser(),
        userId: userId,
        isGroup: false,
        isSpace: false,
        isRoom: false,
        isUser: true,
        isSpaceEvent: false,
        details: function () {
          return Promise.resolve({ id: userId, title: userId, type: 'user', group: false })
        },
      }
    },
    getCall: function (id) {
      return callRequest('GET', id)
    },
    addCall: function (id, info) {
      return callRequest('POST', id, info)
    },
    updateCall: function (id, state) {
      return callRequest('PUT', id, null, '?state=' + encodeURIComponent(state))
    },
    deleteCall: function (id) {
      return callRequest('PUT', id, null, '?state=deleted')
    },
    updateParticipants: function (id) {
      return callRequest('GET', id)
    },
    showCallWindow: function (url, name) {
      return window.open(url, name, 'menubar=no,toolbar=no,location=no,width=1024,height=768')
    },
    showError: function (title, message) {
      errors.push({ title: title, message: message })
      var box = document.getElementById('exo-notifications')
      var alert = document.createElement('div')
      alert.setAttribute('role', 'alert')
      alert.className = 'exo-error'
      alert.textContent = title + ': ' + message
      box.appendChild(alert)
    },
    errorText: function (err) {
      return (err && err.message) || String(err)
    },
    update: function () {
      registerPlaces()
      document.dispatchEvent(new CustomEvent('exo-webconferencing-updated'))
    },
  }

  /** CallButtons: mounts the buttons of every initialized provider for one context. */
  function mountCallButtons(container, context) {
    container.innerHTML = ''
    var holder = document.createElement('div')
    holder.className = 'call-button-container'
    container.appendChild(holder)
    wc.getAllProviders().then(function (list) {
      var collected = []
      list.forEach(function (provider) {
        Promise.resolve(provider.callButton(context)).then(
          function (buttons) {
            collected.push.apply(collected, buttons)
          },
          function () {
            // a provider without a button here
          },
        )
      })
      setTimeout(function () {
        var buttons = collected.slice()
        try {
          buttons.sort(function (a, b) {
            return String(a.callSettings.urlConnector).localeCompare(String(b.callSettings.urlConnector))
          })
        } catch (err) {
          getLog('webconferencing').error('Error building call buttons', err.message)
          return
        }
        if (buttons.length === 1) {
          holder.classList.add('single')
          holder.appendChild(buttons[0])
        } else if (buttons.length > 1) {
          var heading = document.createElement('button')
          heading.type = 'button'
          heading.className = 'dropdown-heading'
          heading.textContent = eXo.env.portal.language === 'fr' ? 'Appeler' : 'Call'
          heading.setAttribute('aria-expanded', 'false')
          var menu = document.createElement('div')
          menu.className = 'buttons-container'
          menu.hidden = true
          buttons.forEach(function (b) {
            var item = document.createElement('div')
            item.className = 'call-button-container-' + b.callSettings.provider.getType()
            item.appendChild(b)
            menu.appendChild(item)
          })
          heading.addEventListener('click', function () {
            menu.hidden = !menu.hidden
            heading.setAttribute('aria-expanded', String(!menu.hidden))
          })
          holder.appendChild(heading)
          holder.appendChild(menu)
        }
        container.setAttribute('data-buttons', String(buttons.length))
      }, 200)
    })
  }

  var registered = false
  function registerPlaces() {
    if (registered) return
    registered = true
    function place(app, type, cssType, makeContext) {
      extensionRegistry.registerExtension(app, type, {
        id: 'webconferencing-' + cssType,
        rank: 10,
        init: function (target, id) {
          var container = document.createElement('div')
          container.className = 'call-button call-button--' + cssType
          target.appendChild(container)
          mountCallButtons(container, makeContext(id))
        },
      })
    }
    place('space-title-action-components', 'action-component', 'space', function (spaceId) {
      return wc.createSpaceContext(spaceId)
    })
    place('chat', 'room-action-component', 'chat', function (room) {
      return wc.createChatContext(room)
    })
    place('user-profile-popover', 'action', 'user-popover', function (userId) {
      return wc.createUserContext(userId)
    })
  }

  eXo.webConferencing = wc
  return wc
})

eXo.define('SHARED/webConferencingPortlet', ['SHARED/webConferencing'], function () {
  return {
    start: function () {
      return Promise.resolve()
    },
  }
})
