/* global eXo */
/*
 * Two other providers, as on an eXo with more than one connector: "jitsi" answers at once with a DOM button
 * carrying callSettings (so CallButtons shows a dropdown and sorts), "slow" answers after CallButtons' 200 ms
 * window and must never show.
 */
eXo.require(['SHARED/webConferencing'], function (webConferencing) {
  function provider(type, title, delayMs) {
    var p = {
      getType: function () {
        return type
      },
      getSupportedTypes: function () {
        return [type]
      },
      getTitle: function () {
        return title
      },
      callButton: function (context) {
        var button = document.createElement('button')
        button.type = 'button'
        button.className = 'standin-' + type + '-button'
        button.textContent = title
        button.callSettings = { callId: 'x', context: context, provider: p, title: title, urlConnector: '' }
        return new Promise(function (resolve) {
          setTimeout(function () {
            resolve([button])
          }, delayMs)
        })
      },
    }
    return p
  }
  webConferencing.addProvider(provider('jitsi', 'Jitsi', 0))
  webConferencing.addProvider(provider('slow', 'Slow Meet', 400))
  webConferencing.update()
  if (eXo.env.portal.language !== 'fr' && eXo.env.portal.language !== 'en') throw new Error('stand-in expects fr or en')
})
