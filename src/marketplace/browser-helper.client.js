// @ts-check
/* onoffice-kit browser helper: posts server-signed orders and service messages to onOffice (window.parent). */
;(function (/** @type {Window & typeof globalThis & { onOffice?: Record<string, unknown> }} */ w) {
  'use strict'
  /** @param {any} m the signed object, or its JSON @param {string} what @returns {Record<string, any>} */
  function parse(m, what) {
    if (typeof m === 'string') {
      try {
        m = JSON.parse(m)
      } catch (e) {
        throw new TypeError(
          'onOffice.' + what + ': not JSON: pass the signed object the server returned',
        )
      }
    }
    if (!m || typeof m !== 'object')
      throw new TypeError('onOffice.' + what + ': pass the signed object the server returned')
    if (typeof m.signature !== 'string' || typeof m.timestamp !== 'number')
      throw new TypeError(
        'onOffice.' +
          what +
          ': signature or timestamp missing: sign it on the server (order(c, …) / serviceMessage(c, …))',
      )
    if (typeof m.parametercacheid !== 'string' || !m.parametercacheid)
      throw new TypeError(
        'onOffice.' + what + ': parametercacheid missing: sign it for the current launch',
      )
    return m
  }
  /** @param {Record<string, any>} m @param {string | undefined} parentOrigin */
  function post(m, parentOrigin) {
    if (!w.parent || w.parent === w) {
      if (w.console) w.console.warn('onOffice: not inside the onOffice iframe; nothing posted')
      return false
    }
    w.parent.postMessage(JSON.stringify(m), parentOrigin || '*')
    return true
  }
  var api = w.onOffice || {}
  /** @param {unknown} signedOrder @param {string} [parentOrigin] */
  api.postOrder = function (signedOrder, parentOrigin) {
    var m = parse(signedOrder, 'postOrder')
    if (!m.products && !m.abo)
      throw new TypeError('onOffice.postOrder: not an order (needs products or abo)')
    return post(m, parentOrigin)
  }
  /** @param {unknown} signedMessage @param {string} [parentOrigin] */
  api.postServiceMessage = function (signedMessage, parentOrigin) {
    var m = parse(signedMessage, 'postServiceMessage')
    if (typeof m.onOfficeType !== 'string' || m.onOfficeType.indexOf('onOffice.service.') !== 0)
      throw new TypeError(
        'onOffice.postServiceMessage: onOfficeType missing: sign it with serviceMessage(c, …)',
      )
    return post(m, parentOrigin)
  }
  w.onOffice = api
})(window)
