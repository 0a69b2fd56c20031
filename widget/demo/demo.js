// The demo host platform: a stand-in for eXo, Nextcloud or an intranet. It signs users in (here: a persona
// switcher and a demo-only token endpoint) and embeds the widget exactly as a real host would.
;(function () {
  'use strict'
  var data = JSON.parse(document.getElementById('demo-data').textContent)
  var params = new URLSearchParams(location.search)
  var persona = data.personas[params.get('as')] ? params.get('as') : 'manager'
  var lang = params.get('lang') === 'fr' ? 'fr' : 'en'
  var me = data.personas[persona]

  var TEXT = {
    en: {
      brand: 'Collab demo — a stand-in for your collaboration platform',
      signedIn: 'Signed in as', language: 'Language', spaces: 'My spaces', admin: 'Administration', skip: 'Skip to content',
      manager: 'space manager', member: 'member', external: 'external partner', personaAdmin: 'administrator',
      yourRole: 'Your role here: {role}.', feed: 'Space activity, documents and chat would be here.',
      adminIntro: 'Licence usage, limits and policies for video meetings across the platform.',
      foot: 'Demo only: tokens come from /demo/token. Meetings open on the development BigBlueButton server.',
      mailbox: 'Invitations sent: development mailbox',
      none: 'You are not a member of any space.',
    },
    fr: {
      brand: 'Collab démo — une plateforme collaborative de démonstration',
      signedIn: 'Connecté en tant que', language: 'Langue', spaces: 'Mes espaces', admin: 'Administration',
      skip: 'Aller au contenu', manager: 'gestionnaire de l’espace', member: 'membre', external: 'partenaire externe',
      personaAdmin: 'administrateur', yourRole: 'Votre rôle ici : {role}.',
      feed: 'L’activité, les documents et la discussion de l’espace seraient ici.',
      adminIntro: 'Utilisation de la licence, limites et règles des visioconférences de la plateforme.',
      foot: 'Démo uniquement : les jetons viennent de /demo/token. Les réunions s’ouvrent sur le serveur BigBlueButton de développement.',
      mailbox: 'Invitations envoyées : boîte aux lettres de développement',
      none: 'Vous n’êtes membre d’aucun espace.',
    },
  }
  var t = TEXT[lang]
  document.documentElement.lang = lang
  document.title = lang === 'fr' ? 'Plateforme de démo — bbb-spaces' : 'Demo platform — bbb-spaces'

  function el(tag, attrs, children) {
    var node = document.createElement(tag)
    for (var k in attrs || {}) node.setAttribute(k, attrs[k])
    ;(children || []).forEach(function (c) { node.append(c) })
    return node
  }
  function href(changes) {
    var p = new URLSearchParams({ as: persona, lang: lang, space: params.get('space') || '' })
    for (var k in changes) p.set(k, changes[k])
    if (!p.get('space')) p.delete('space')
    return '?' + p.toString()
  }

  // Header: persona and language switchers (a real platform would have its own login).
  document.getElementById('brand').textContent = t.brand
  document.getElementById('persona-label').textContent = t.signedIn
  document.getElementById('lang-label').textContent = t.language
  document.querySelector('.skip').textContent = t.skip
  var personaSelect = document.getElementById('persona')
  Object.keys(data.personas).forEach(function (key) {
    var p = data.personas[key]
    var role = key === 'admin' ? t.personaAdmin : t[key]
    var option = el('option', { value: key }, [p.name + ' (' + role + ')'])
    if (key === persona) option.selected = true
    personaSelect.append(option)
  })
  var langSelect = document.getElementById('lang')
  langSelect.value = lang
  personaSelect.addEventListener('change', function () { location.search = href({ as: personaSelect.value, space: '' }) })
  langSelect.addEventListener('change', function () { location.search = href({ lang: langSelect.value }) })

  // Side list: the persona's spaces, and the administration page for admins.
  var mySpaces = data.spaces.filter(function (s) { return me.spaces[s.id] })
  var current = params.get('space')
  if (current !== 'admin' && !mySpaces.some(function (s) { return s.id === current })) {
    current = me.admin ? 'admin' : mySpaces[0] ? mySpaces[0].id : null
  }
  document.getElementById('side-title').textContent = t.spaces
  var list = document.getElementById('spaces')
  var entries = mySpaces.map(function (s) { return { id: s.id, label: s.name[lang] } })
  if (me.admin) entries.push({ id: 'admin', label: t.admin })
  entries.forEach(function (e) {
    var a = el('a', { href: href({ space: e.id }) }, [e.label])
    if (e.id === current) a.setAttribute('aria-current', 'page')
    list.append(el('li', {}, [a]))
  })

  // Main area: where the host puts the widget's placeholders.
  var main = document.getElementById('main')
  if (current === 'admin') {
    main.append(
      el('div', { class: 'banner' }, [el('div', {}, [el('h1', {}, [t.admin]), el('p', {}, [t.adminIntro])])]),
      el('div', { 'data-bbb-view': 'admin' }),
    )
  } else if (current) {
    var space = data.spaces.find(function (s) { return s.id === current })
    var role = me.spaces[current] === 'manager' ? t.manager : me.external ? t.external : t.member
    main.append(
      el('div', { class: 'banner' }, [
        el('div', {}, [el('h1', {}, [space.name[lang]]), el('p', {}, [t.yourRole.replace('{role}', role)])]),
        // The quick button in the space banner, as eXo places its call buttons.
        el('bbb-meeting-button', { space: current }),
      ]),
      el('div', { 'data-bbb-space': current }),
      el('p', { class: 'feed' }, [t.feed]),
    )
  } else {
    main.append(el('p', {}, [t.none]))
  }
  document.getElementById('foot').textContent = t.foot
  // The development mailbox exists when no SMTP_URL is set: linked only when it answers.
  fetch('/dev/mail/messages.json').then((res) => {
    if (!res.ok) return
    const link = document.createElement('a')
    link.href = '/dev/mail'
    link.textContent = t.mailbox
    const foot = document.getElementById('foot')
    foot.append(' ', link)
  }, () => undefined)

  // The host's side of the contract: a function returning the current user's token.
  var cached = null
  function getToken() {
    if (cached && cached.expires > Date.now()) return Promise.resolve(cached.token)
    return fetch('/demo/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ persona: persona, locale: lang }),
    })
      .then(function (res) { return res.json() })
      .then(function (body) {
        cached = { token: body.token, expires: Date.now() + 50 * 60 * 1000 }
        return body.token
      })
  }

  window.BbbSpaces.init({ getToken: getToken, locale: lang })
})()
