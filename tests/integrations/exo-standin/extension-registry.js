/* global eXo */
/* Stand-in for eXo's SHARED/extensionRegistry: extensions per (application, type), loaded sorted by rank. */
eXo.define('SHARED/extensionRegistry', [], function () {
  var registry = {}
  return {
    registerExtension: function (app, type, extension) {
      var key = app + '/' + type
      ;(registry[key] = registry[key] || []).push(extension)
    },
    loadExtensions: function (app, type) {
      return (registry[app + '/' + type] || []).slice().sort(function (a, b) {
        return (a.rank || 0) - (b.rank || 0)
      })
    },
  }
})
