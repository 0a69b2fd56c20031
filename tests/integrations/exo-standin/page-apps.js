/* global eXo */
/*
 * The page's own applications that host button places: a space banner (space-title-action-components /
 * action-component) or a chat room (chat / room-action-component), or a user popover (user-profile-popover / action), chosen by ?place=space|chat|user. They load
 * their extensions each time web-conferencing says it was updated, as eXo's apps do.
 */
eXo.require(['SHARED/extensionRegistry'], function (extensionRegistry) {
  var params = new URLSearchParams(location.search)
  var main = document.getElementById('exo-main')
  var portal = eXo.env.portal
  var slot
  var app
  var type
  var id
  if (params.get('place') === 'chat') {
    var section = document.createElement('section')
    section.id = 'chat-room'
    var h = document.createElement('h1')
    h.textContent = params.get('roomTitle') || portal.spaceDisplayName || params.get('room')
    section.appendChild(h)
    slot = document.createElement('div')
    slot.className = 'room-action-components'
    section.appendChild(slot)
    main.appendChild(section)
    app = 'chat'
    type = 'room-action-component'
    id = { id: params.get('room'), name: params.get('room'), title: h.textContent, spaceId: portal.spaceName || null }
  } else if (params.get('place') === 'user') {
    var popover = document.createElement('div')
    popover.id = 'user-popover'
    var who = document.createElement('h1')
    who.textContent = params.get('with')
    popover.appendChild(who)
    slot = document.createElement('div')
    slot.className = 'user-popover-actions'
    popover.appendChild(slot)
    main.appendChild(popover)
    app = 'user-profile-popover'
    type = 'action'
    id = params.get('with')
  } else {
    var banner = document.createElement('div')
    banner.id = 'space-banner'
    banner.className = 'space-title-action-components'
    var title = document.createElement('h1')
    title.textContent = portal.spaceDisplayName || portal.spaceName
    banner.appendChild(title)
    slot = document.createElement('div')
    slot.className = 'space-actions'
    banner.appendChild(slot)
    main.appendChild(banner)
    app = 'space-title-action-components'
    type = 'action-component'
    id = portal.spaceName
  }
  document.addEventListener('exo-webconferencing-updated', function () {
    slot.innerHTML = ''
    extensionRegistry.loadExtensions(app, type).forEach(function (ext) {
      ext.init(slot, id)
    })
  })
})
