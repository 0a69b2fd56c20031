/*
 * Stand-in for GateIn's AMD loader (eXo.require / eXo.define). Modules are named "SHARED/<name>" as in
 * gatein-resources.xml; a module declared by a webapp is fetched and wrapped as GateIn does: its file becomes the
 * body of the factory (`return <file>`), its dependencies passed under their aliases.
 */
;(function () {
  var values = {}
  var pending = {}
  // What the webapps' gatein-resources.xml declare (here only the provider module under test).
  var declared = {
    'SHARED/webConferencing_bbb': { url: '/bbb/js/webconferencing-bbb.js', deps: ['SHARED/webConferencing'], aliases: ['webConferencing'] },
  }

  function settle(name, value) {
    values[name] = { value: value }
    ;(pending[name] || []).forEach(function (cb) {
      cb(value)
    })
    delete pending[name]
  }

  function get(name) {
    if (values[name]) return Promise.resolve(values[name].value)
    var first = !pending[name]
    var p = new Promise(function (resolve) {
      ;(pending[name] = pending[name] || []).push(resolve)
    })
    if (first && declared[name]) load(name, declared[name])
    return p
  }

  function load(name, d) {
    fetch(d.url)
      .then(function (res) {
        if (!res.ok) throw new Error('cannot load ' + d.url + ': ' + res.status)
        return res.text()
      })
      .then(function (source) {
        return Promise.all(d.deps.map(get)).then(function (deps) {
          var factory = new Function(d.aliases.join(','), 'return ' + source)
          settle(name, factory.apply(null, deps))
        })
      })
      .catch(function (err) {
        console.error('[stand-in AMD] ' + name, err)
      })
  }

  window.define = function (name, deps, factory) {
    Promise.all(deps.map(get)).then(function (args) {
      settle(name, factory.apply(null, args))
    })
  }
  window.require = function (deps, callback) {
    Promise.all(deps.map(get)).then(function (args) {
      callback.apply(null, args)
    })
  }
  window.eXo = window.eXo || {}
  window.eXo.define = window.define
  window.eXo.require = window.require
})()
