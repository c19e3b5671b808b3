// @ts-check
// The host page's browser script (served as `sim/page.js`): plays enterprise around the provider's iframe.
// It never sees the provider secret: every signature is made or checked by the simulator's `/sim/*` endpoints.
// Everything it tells the person is German, in words (the stable ids and data-* attributes carry the codes).
;(function () {
  'use strict'
  /** @param {string} id @returns {HTMLElement} */
  function $(id) {
    var el = document.getElementById(id)
    if (!el) throw new Error('simulator page: #' + id + ' missing')
    return el
  }
  var frame = /** @type {HTMLIFrameElement} */ ($('provider-frame'))
  var win = $('provider-window')
  /** @typedef {{ paymentId: string, items: Array<{ name: string, price: string, quantity: string }>, total: string, kind: string, abo?: { durationinmonth: string, noticeperiod: string, automaticrenewal: string } }} PaymentDialog */
  /** @type {PaymentDialog | null} */
  var payment = null
  var refreshes = 0

  var PAYMENT_STATUS = {
    success: 'bezahlt',
    inprocess: 'in Bearbeitung (SEPA-Lastschrift)',
    error: 'fehlgeschlagen',
  }
  // Why onOffice refuses an order or service message, in words (the codes come from verifyOrder / verifyServiceMessage).
  var REASONS = {
    bad_signature:
      'die Signatur stimmt nicht – signiert der Anbieter mit dem richtigen Anbietersecret?',
    missing_signature: 'sie ist nicht signiert',
    malformed_signature: 'ihre Signatur ist kein Hex-Wert',
    missing_timestamp: 'ihr fehlt der Zeitstempel',
    bad_timestamp: 'ihr Zeitstempel ist ung\u00fcltig',
    stale: 'sie ist zu alt (Zeitstempel abgelaufen)',
    future: 'ihr Zeitstempel liegt in der Zukunft (Uhr des Servers prüfen)',
    unknown_parametercacheid:
      'sie gehört zu keinem hier geöffneten Service (parametercacheid unbekannt)',
    invalid_order: 'sie ist keine g\u00fcltige Bestellung',
    bad_message: 'sie ist keine g\u00fcltige Service-Nachricht',
  }
  /** @param {string | undefined} reason */
  function why(reason) {
    return (
      (reason && /** @type {Record<string, string>} */ (REASONS)[reason]) ||
      'Grund: ' + (reason || 'unbekannt')
    )
  }

  /** @param {string} path @param {unknown} [body] @returns {Promise<any>} */
  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body || {}),
    }).then(function (res) {
      return res.json().catch(function () {
        return { ok: false, reason: 'http_' + res.status }
      })
    })
  }

  /** @param {string} kind @param {boolean} ok @param {string} text */
  function log(kind, ok, text) {
    var li = document.createElement('li')
    li.setAttribute('data-kind', kind)
    li.setAttribute('data-ok', ok ? 'true' : 'false')
    var time = document.createElement('time')
    time.textContent = new Date().toLocaleTimeString('de-DE')
    li.appendChild(time)
    li.appendChild(document.createTextNode(' ' + text))
    var list = $('log')
    list.insertBefore(li, list.firstChild)
    var empty = document.querySelector('.oo-log-empty')
    if (empty instanceof HTMLElement) empty.hidden = true
  }

  /** @param {string} text @param {boolean} [logged] */
  function showError(text, logged) {
    var box = $('error')
    box.textContent = text
    box.hidden = false
    if (!logged) log('error', false, text)
  }
  function clearError() {
    $('error').hidden = true
    $('error').textContent = ''
  }

  /** @param {string} state @param {string} text */
  function setStatus(state, text) {
    var s = $('status')
    s.setAttribute('data-state', state)
    s.textContent = text
  }

  /** @param {string} kind @param {string} title @param {string} url */
  function openWindow(kind, title, url) {
    win.setAttribute('data-kind', kind)
    $('provider-title').textContent = title
    $('api-key-box').hidden = kind !== 'activation'
    frame.src = url
    win.hidden = false
  }
  // The property table's "Dateien" column: what the provider uploaded shows once its window closes.
  function refreshFiles() {
    fetch('sim/files')
      .then(function (res) {
        return res.ok ? res.json() : null
      })
      .then(
        /** @param {Record<string, Array<{ art: string, title: string, url: string }>> | null} byEstate */
        function (byEstate) {
          if (!byEstate) return
          Object.keys(byEstate).forEach(function (estateId) {
            var cell = document.getElementById('estate-files-' + estateId)
            var files = byEstate[estateId] || []
            if (!cell) return
            cell.textContent = ''
            if (files.length === 0) {
              const none = document.createElement('span')
              none.className = 'oo-muted'
              none.textContent = '\u2013'
              cell.appendChild(none)
              return
            }
            var list = document.createElement('ul')
            list.className = 'oo-files'
            files.forEach(function (f) {
              var item = document.createElement('li')
              var link = document.createElement('a')
              link.href = f.url
              link.target = '_blank'
              link.rel = 'noopener'
              link.textContent = f.title + ' (' + f.art + ')'
              item.appendChild(link)
              list.appendChild(item)
            })
            cell.appendChild(list)
          })
        },
        function () {},
      )
  }
  // "Käufe und Abos": rebuilt from GET sim/purchases (the server words each cell, as on the first render).
  function refreshPurchases() {
    fetch('sim/purchases')
      .then(function (res) {
        return res.ok ? res.json() : null
      })
      .then(
        /** @param {Array<{ transactionId: string, status: string, text: { product: string, kind: string, amount: string, status: string } }> | null} purchases */
        function (purchases) {
          if (!purchases) return
          var body = $('purchase-rows')
          body.textContent = ''
          if (purchases.length === 0) {
            const empty = document.createElement('tr')
            empty.className = 'oo-purchases-empty'
            const cell = document.createElement('td')
            cell.colSpan = 5
            cell.className = 'oo-muted'
            cell.textContent = 'Noch nichts gekauft.'
            empty.appendChild(cell)
            body.appendChild(empty)
            return
          }
          purchases.forEach(function (p) {
            var row = document.createElement('tr')
            row.id = 'purchase-' + p.transactionId
            row.setAttribute('data-testid', row.id)
            row.setAttribute('data-status', p.status)
            ;[p.transactionId, p.text.product, p.text.kind, p.text.amount, p.text.status].forEach(
              function (text) {
                var td = document.createElement('td')
                td.textContent = text
                row.appendChild(td)
              },
            )
            body.appendChild(row)
          })
        },
        function () {},
      )
  }
  $('purchases-refresh').addEventListener('click', refreshPurchases)

  function closeWindow() {
    win.hidden = true
    frame.src = 'about:blank'
    refreshFiles()
    refreshPurchases()
    // An activation closed before the provider confirmed it stays pending: "Aktivieren" shows the same key again.
    if ($('status').getAttribute('data-state') === 'pending')
      setStatus('inactive', 'Nicht freigeschaltet')
  }

  /** @param {string} amount */
  function euro(amount) {
    return String(amount).replace('.', ',') + ' \u20ac'
  }

  function refreshParent() {
    refreshes += 1
    $('refresh-count').textContent = String(refreshes)
    refreshFiles()
    refreshPurchases()
  }

  /** @param {boolean} renew */
  function activate(renew) {
    clearError()
    $('copy-status').textContent = ''
    post('sim/activate', renew ? { renew: true } : {}).then(
      function (r) {
        if (!r || !r.activationUrl) {
          showError(
            'Die Freischaltung konnte nicht gestartet werden (' +
              ((r && r.reason) || 'unbekannter Fehler') +
              ').',
          )
          return
        }
        setStatus('pending', 'Freischaltung l\u00e4uft \u2026')
        $('api-key').textContent = r.apiKey
        if (renew) log('activation', true, 'Neuer API-Key erzeugt. Der vorige Key gilt nicht mehr.')
        else if (r.renewed)
          log(
            'activation',
            true,
            'Freischaltung gestartet: onOffice zeigt Ihnen den API-Key und \u00f6ffnet die Freischaltungsseite des Anbieters.',
          )
        else
          log(
            'activation',
            true,
            'Freischaltungsseite erneut ge\u00f6ffnet \u2013 es gilt weiterhin derselbe API-Key.',
          )
        openWindow('activation', 'Anbieter freischalten', r.activationUrl)
      },
      function () {
        showError(
          'Die Freischaltung konnte nicht gestartet werden: keine Verbindung zum Simulator.',
        )
      },
    )
  }
  $('activate').addEventListener('click', function () {
    activate(false)
  })
  $('new-api-key').addEventListener('click', function () {
    activate(true)
  })

  $('copy-api-key').addEventListener('click', function () {
    var key = $('api-key').textContent || ''
    var status = $('copy-status')
    function copied() {
      status.textContent = 'In die Zwischenablage kopiert'
    }
    function selectOnly() {
      var range = document.createRange()
      range.selectNodeContents($('api-key'))
      var sel = window.getSelection()
      if (sel) {
        sel.removeAllRanges()
        sel.addRange(range)
      }
      status.textContent = 'Markiert \u2013 mit Strg+C kopieren'
    }
    if (navigator.clipboard && navigator.clipboard.writeText)
      navigator.clipboard.writeText(key).then(copied, selectOnly)
    else selectOnly()
  })

  Array.prototype.forEach.call(
    document.querySelectorAll('.sim-language'),
    /** @param {HTMLSelectElement} select */ function (select) {
      select.addEventListener('change', function () {
        var option = select.options[select.selectedIndex]
        $('estate-title-' + select.getAttribute('data-estate')).textContent =
          (option && option.getAttribute('data-title')) || ''
      })
    },
  )

  Array.prototype.forEach.call(
    document.querySelectorAll('.sim-open-service'),
    /** @param {HTMLButtonElement} button */ function (button) {
      button.addEventListener('click', function () {
        clearError()
        var estateId = button.getAttribute('data-estate')
        var select = document.getElementById('language-' + estateId)
        var language = select instanceof HTMLSelectElement ? select.value : ''
        post('sim/launch', { estateId: estateId, language: language }).then(
          function (r) {
            if (!r || !r.ok) {
              showError(
                'Der Service konnte nicht ge\u00f6ffnet werden (' +
                  ((r && r.reason) || 'unbekannter Fehler') +
                  ').',
              )
              return
            }
            var name =
              select instanceof HTMLSelectElement && select.selectedOptions[0]
                ? select.selectedOptions[0].textContent
                : r.language
            log(
              'launch',
              true,
              'Service f\u00fcr Immobilie ' +
                r.estateId +
                ' ge\u00f6ffnet (Sprache: ' +
                name +
                ').',
            )
            openWindow(
              'service',
              'Service \u2013 Immobilie ' + r.estateId + ' (' + r.language + ')',
              r.url,
            )
          },
          function () {
            showError(
              'Der Service konnte nicht ge\u00f6ffnet werden: keine Verbindung zum Simulator.',
            )
          },
        )
      })
    },
  )

  $('provider-close').addEventListener('click', closeWindow)

  // "Webhook auslösen": the simulator's server sends the signed GET; the page shows what the service answered.
  Array.prototype.forEach.call(
    document.querySelectorAll('.sim-webhook'),
    /** @param {HTMLButtonElement} button */ function (button) {
      button.addEventListener('click', function () {
        clearError()
        var estateId = button.getAttribute('data-estate')
        var answer = $('webhook-answer')
        button.disabled = true
        post('sim/webhook', { estateId: estateId }).then(
          function (r) {
            button.disabled = false
            if (!r || !r.ok) {
              const text =
                r && r.reason === 'unreachable'
                  ? 'Webhook f\u00fcr Immobilie ' +
                    estateId +
                    ': der Service ist nicht erreichbar (' +
                    (r.message || 'keine Antwort') +
                    ').'
                  : 'Der Webhook konnte nicht ausgel\u00f6st werden (' +
                    ((r && r.reason) || 'unbekannter Fehler') +
                    ').'
              answer.setAttribute('data-status', '')
              answer.textContent = 'Immobilie ' + estateId + ': nicht erreichbar'
              showError(text)
              return
            }
            var status = r.status + (r.statusText ? ' ' + r.statusText : '')
            answer.setAttribute('data-status', String(r.status))
            answer.textContent = 'Immobilie ' + r.estateId + ': ' + status
            log(
              'webhook',
              r.status < 400,
              'Webhook f\u00fcr Immobilie ' +
                r.estateId +
                ' gesendet, Antwort des Service: ' +
                status +
                (r.body ? ' \u2013 ' + r.body.slice(0, 120) : '') +
                '.',
            )
            refreshPurchases()
          },
          function () {
            button.disabled = false
            showError(
              'Der Webhook konnte nicht ausgel\u00f6st werden: keine Verbindung zum Simulator.',
            )
          },
        )
      })
    },
  )

  /** @param {PaymentDialog} dialog */
  function openPayment(dialog) {
    payment = dialog
    var list = $('payment-items')
    list.textContent = ''
    dialog.items.forEach(function (item) {
      var li = document.createElement('li')
      li.textContent =
        item.quantity +
        ' \u00d7 ' +
        item.name +
        ' \u2013 ' +
        euro(item.price) +
        (dialog.kind === 'abo' ? ' / Monat' : '')
      list.appendChild(li)
    })
    var abo = $('payment-abo')
    if (dialog.abo) {
      abo.textContent =
        'Abo: ' +
        dialog.abo.durationinmonth +
        ' Monate, K\u00fcndigungsfrist ' +
        (dialog.abo.noticeperiod || '\u2013') +
        ', Verl\u00e4ngerung ' +
        (dialog.abo.automaticrenewal || '\u2013') +
        '. Der erste Monat wird sofort berechnet.'
      abo.hidden = false
    } else {
      abo.hidden = true
      abo.textContent = ''
    }
    $('payment-total').textContent = euro(dialog.total)
    $('payment-total').setAttribute('data-amount', dialog.total)
    const success = /** @type {HTMLInputElement} */ ($('payment-outcome-success'))
    success.checked = true
    const buy = /** @type {HTMLButtonElement} */ ($('payment-buy'))
    buy.disabled = false
    $('payment-dialog').hidden = false
  }
  function closePayment() {
    $('payment-dialog').hidden = true
    payment = null
  }

  $('payment-cancel').addEventListener('click', function () {
    if (payment) post('sim/cancel', { paymentId: payment.paymentId })
    log('payment', true, 'Kauf abgebrochen \u2013 es wurde nichts berechnet.')
    closePayment()
  })

  $('payment-buy').addEventListener('click', function () {
    if (!payment) return
    var checked = document.querySelector('input[name=payment-outcome]:checked')
    var outcome = checked instanceof HTMLInputElement ? checked.value : 'success'
    const buy = /** @type {HTMLButtonElement} */ ($('payment-buy'))
    buy.disabled = true
    post('sim/pay', { paymentId: payment.paymentId, outcome: outcome }).then(
      function (r) {
        closePayment()
        if (!r || !r.ok) {
          showError(
            'Die Zahlung konnte nicht ausgef\u00fchrt werden (' +
              ((r && r.reason) || 'unbekannter Fehler') +
              ').',
          )
          return
        }
        var status = /** @type {Record<string, string>} */ (PAYMENT_STATUS)[r.status] || r.status
        var last = $('last-payment')
        last.setAttribute('data-status', r.status)
        last.setAttribute('data-transaction-id', r.transactionId || '')
        last.setAttribute('data-abo-id', r.aboId || '')
        last.textContent =
          status +
          (r.transactionId ? ' \u00b7 Transaktion ' + r.transactionId : '') +
          (r.aboId ? ' \u00b7 Abo ' + r.aboId : '')
        var text =
          r.status === 'success'
            ? 'Zahlung erfolgreich (Kreditkarte)'
            : r.status === 'inprocess'
              ? 'SEPA-Lastschrift eingereicht, noch in Bearbeitung'
              : 'Die Zahlung ist fehlgeschlagen (simuliert)'
        log(
          'payment',
          r.status !== 'error',
          text +
            (r.transactionId ? ', Transaktion ' + r.transactionId : '') +
            (r.aboId ? ', Abo ' + r.aboId : '') +
            '.',
        )
        log(
          'callback',
          true,
          'onOffice l\u00e4dt die R\u00fcckmeldeseite des Anbieters (signierte Callback-URL).',
        )
        openWindow('callback', $('provider-title').textContent || 'Anbieter', r.callbackUrl)
        refreshPurchases()
      },
      function () {
        closePayment()
        showError(
          'Die Zahlung konnte nicht ausgef\u00fchrt werden: keine Verbindung zum Simulator.',
        )
      },
    )
  })

  window.addEventListener('message', function (event) {
    // Only the provider's iframe speaks to onOffice.
    if (event.source !== frame.contentWindow) return
    var data = event.data
    if (typeof data !== 'string') {
      try {
        data = JSON.stringify(data)
      } catch (e) {
        data = String(data)
      }
    }
    post('sim/message', { data: data }).then(
      function (r) {
        if (r.kind === 'active') {
          if (r.activated) {
            setStatus('active', 'Aktiv')
            log(
              'active',
              true,
              'Der Anbieter meldet \u201eaktiv\u201c: die Freischaltung ist abgeschlossen.',
            )
          } else {
            log(
              'active',
              false,
              'Der Anbieter meldet \u201eaktiv\u201c, hat die Freischaltung bei onOffice aber nicht best\u00e4tigt (unlockProvider fehlt).',
            )
            showError(
              'Der Anbieter meldet \u201eaktiv\u201c, hat die Freischaltung bei onOffice aber nicht best\u00e4tigt.',
              true,
            )
          }
        } else if (r.kind === 'order') {
          if (r.ok) {
            const names = r.dialog.items
              .map(
                /** @param {{ name: string }} i */ function (i) {
                  return i.name
                },
              )
              .join(', ')
            log(
              'order',
              true,
              'Der Service m\u00f6chte verkaufen: ' +
                names +
                ' (' +
                euro(r.dialog.total) +
                '). onOffice zeigt den Zahlungsdialog.',
            )
            openPayment(r.dialog)
          } else {
            log('order', false, 'Bestellung abgelehnt: ' + why(r.reason) + '.')
            showError('Bestellung abgelehnt: ' + why(r.reason) + '.', true)
          }
        } else if (r.kind === 'service') {
          if (!r.ok) {
            log('service', false, 'Nachricht des Service abgelehnt: ' + why(r.reason) + '.')
            showError('Nachricht des Service abgelehnt: ' + why(r.reason) + '.', true)
            return
          }
          const what =
            r.action === 'refresh'
              ? 'Der Service bittet, die Seite zu aktualisieren.'
              : r.action === 'refreshAndClose'
                ? 'Der Service bittet, die Seite zu aktualisieren, und schlie\u00dft sein Fenster.'
                : 'Der Service schlie\u00dft sein Fenster.'
          log('service', true, what)
          if (r.action === 'refresh' || r.action === 'refreshAndClose') refreshParent()
          if (r.action === 'refreshAndClose' || r.action === 'close') closeWindow()
        } else {
          log('unknown', false, 'Unbekannte Nachricht vom Anbieter: ' + String(data).slice(0, 120))
        }
      },
      function () {
        showError(
          'Die Nachricht des Anbieters konnte nicht gepr\u00fcft werden: keine Verbindung zum Simulator.',
        )
      },
    )
  })

  document.body.setAttribute('data-sim-ready', '1')
})()
