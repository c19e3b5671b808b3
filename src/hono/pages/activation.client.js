// @ts-check
// The activation page's script (inlined under the page's CSP nonce). Static: it reads everything from the DOM, so
// no request data is ever interpolated into script. It posts JSON; the kit checks the key and answers either the
// plain text `active` (then the form gives way to the confirmation and onOffice is told via window.parent,
// protocol §4.3 step 6) or `{ error, message }` — a key problem is shown next to the field, anything else below.
;(function () {
  'use strict'
  var form = /** @type {HTMLFormElement} */ (document.getElementById('oo-activate'))
  var consent = /** @type {HTMLInputElement} */ (document.getElementById('oo-consent'))
  var button = /** @type {HTMLButtonElement} */ (document.getElementById('oo-submit'))
  var key = /** @type {HTMLInputElement} */ (document.getElementById('secret'))
  var keyError = /** @type {HTMLElement} */ (document.getElementById('oo-key-error'))
  var err = /** @type {HTMLElement} */ (document.getElementById('oo-error'))
  var done = /** @type {HTMLElement} */ (document.getElementById('oo-active'))
  var spin = /** @type {HTMLElement} */ (document.getElementById('oo-spinner'))
  var token = /** @type {HTMLInputElement} */ (form.elements.namedItem('activation'))
  var busy = false

  function sync() {
    button.disabled = busy || !consent.checked
    button.title = consent.checked ? '' : form.getAttribute('data-consent-first') || ''
  }

  /** @param {string} message */
  function showKeyError(message) {
    keyError.textContent = message
    keyError.hidden = false
    key.setAttribute('aria-invalid', 'true')
    key.focus()
  }
  function clearErrors() {
    keyError.hidden = true
    keyError.textContent = ''
    key.removeAttribute('aria-invalid')
    err.hidden = true
    err.textContent = ''
  }

  /** @param {string | undefined} reason @param {string | undefined} message */
  function fail(reason, message) {
    busy = false
    spin.hidden = true
    var text = message || form.getAttribute('data-network') || ''
    if (reason && reason.indexOf('api_key_') === 0) showKeyError(text)
    else {
      err.textContent = text
      err.hidden = false
    }
    sync()
  }

  function succeed() {
    spin.hidden = true
    form.remove()
    done.hidden = false
    done.focus()
    window.parent.postMessage('active', '*')
  }

  consent.addEventListener('change', sync)
  key.addEventListener('input', function () {
    if (!keyError.hidden) clearErrors()
  })
  sync()

  form.addEventListener('submit', function (ev) {
    ev.preventDefault()
    if (busy || !consent.checked) return
    // Surrounding whitespace from a copy is not part of the key; the kit checks the rest and says what is wrong.
    key.value = key.value.trim()
    busy = true
    sync()
    clearErrors()
    spin.hidden = false
    fetch(form.action, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ activation: token.value, apiKey: key.value }),
    }).then(
      function (res) {
        return res.text().then(function (body) {
          if (res.ok && body.replace(/'/g, '').trim() === 'active') return succeed()
          /** @type {{ error?: string, message?: string }} */
          var answer = {}
          try {
            answer = JSON.parse(body)
          } catch (e) {
            /* not JSON: the generic message */
          }
          fail(answer.error, answer.message)
        })
      },
      function () {
        fail(undefined, undefined)
      },
    )
  })
})()
