/**
 * The host page's browser script (served as `sim/page.js`): plays enterprise around the provider's iframe.
 * It never sees the provider secret: every signature is made or checked by the simulator's `/sim/*` endpoints.
 * Plain ES2017, no template literals (it lives in one).
 */
export const PAGE_SCRIPT = `(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var frame = $('provider-frame');
  var win = $('provider-window');
  var payment = null;
  var refreshes = 0;

  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) })
      .then(function (res) {
        return res.json().catch(function () { return { ok: false, reason: 'http_' + res.status }; });
      });
  }

  function log(kind, ok, text) {
    var li = document.createElement('li');
    li.setAttribute('data-kind', kind);
    li.setAttribute('data-ok', ok ? 'true' : 'false');
    var time = document.createElement('time');
    time.textContent = new Date().toLocaleTimeString('de-DE');
    li.appendChild(time);
    li.appendChild(document.createTextNode(' ' + text));
    $('log').insertBefore(li, $('log').firstChild);
  }

  function showError(text, logged) {
    var box = $('error');
    box.textContent = text;
    box.hidden = false;
    if (!logged) log('error', false, text);
  }
  function clearError() { $('error').hidden = true; $('error').textContent = ''; }

  function setStatus(state, text) {
    var s = $('status');
    s.setAttribute('data-state', state);
    s.textContent = text;
  }

  function openWindow(kind, title, url) {
    win.setAttribute('data-kind', kind);
    $('provider-title').textContent = title;
    frame.src = url;
    win.hidden = false;
  }
  function closeWindow() {
    win.hidden = true;
    frame.src = 'about:blank';
  }

  function euro(amount) { return String(amount).replace('.', ',') + ' \\u20ac'; }

  function refreshParent() {
    refreshes += 1;
    $('refresh-count').textContent = String(refreshes);
  }

  $('activate').addEventListener('click', function () {
    clearError();
    setStatus('pending', 'Freischaltung l\\u00e4uft \\u2026');
    post('sim/activate').then(function (r) {
      if (!r || !r.activationUrl) { showError('Aktivierung konnte nicht gestartet werden: ' + ((r && r.reason) || 'unbekannt')); return; }
      $('api-key').textContent = r.apiKey;
      $('api-key-box').hidden = false;
      log('activation', true, 'Aktivierung gestartet (Kunde ' + r.customerWebId + '): API-Key angezeigt, Aktivierungs-iFrame ge\\u00f6ffnet');
      openWindow('activation', 'Anbieter aktivieren', r.activationUrl);
    }, function () { showError('Aktivierung konnte nicht gestartet werden (Netzwerk).'); });
  });

  $('copy-api-key').addEventListener('click', function () {
    var key = $('api-key').textContent || '';
    var done = function () { $('copy-api-key').textContent = 'Kopiert'; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(key).then(done, function () { selectKey(); });
    } else { selectKey(); }
  });
  function selectKey() {
    var range = document.createRange();
    range.selectNodeContents($('api-key'));
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    try { document.execCommand('copy'); $('copy-api-key').textContent = 'Kopiert'; } catch (e) { /* selected: Ctrl-C works */ }
  }

  Array.prototype.forEach.call(document.querySelectorAll('.sim-language'), function (select) {
    select.addEventListener('change', function () {
      var option = select.options[select.selectedIndex];
      $('estate-title-' + select.getAttribute('data-estate')).textContent = option.getAttribute('data-title') || '';
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll('.sim-open-service'), function (button) {
    button.addEventListener('click', function () {
      clearError();
      var estateId = button.getAttribute('data-estate');
      var select = $('language-' + estateId);
      var language = select ? select.value : '';
      post('sim/launch', { estateId: estateId, language: language }).then(function (r) {
        if (!r || !r.ok) { showError('Service konnte nicht ge\\u00f6ffnet werden: ' + ((r && r.reason) || 'unbekannt')); return; }
        log('launch', true, 'Service ge\\u00f6ffnet: Immobilie ' + r.estateId + ', Sprache ' + r.language);
        openWindow('service', 'Service \\u2013 Immobilie ' + r.estateId + ' (' + r.language + ')', r.url);
      }, function () { showError('Service konnte nicht ge\\u00f6ffnet werden (Netzwerk).'); });
    });
  });

  $('provider-close').addEventListener('click', closeWindow);

  function openPayment(dialog) {
    payment = dialog;
    var list = $('payment-items');
    list.textContent = '';
    dialog.items.forEach(function (item) {
      var li = document.createElement('li');
      li.textContent = item.quantity + ' \\u00d7 ' + item.name + ' \\u2013 ' + euro(item.price) + (dialog.kind === 'abo' ? ' / Monat' : '');
      list.appendChild(li);
    });
    var abo = $('payment-abo');
    if (dialog.abo) {
      abo.textContent = 'Abo: ' + dialog.abo.durationinmonth + ' Monate, K\\u00fcndigungsfrist ' + (dialog.abo.noticeperiod || '\\u2013') +
        ', Verl\\u00e4ngerung ' + (dialog.abo.automaticrenewal || '\\u2013') + '. Der erste Monat wird sofort berechnet.';
      abo.hidden = false;
    } else { abo.hidden = true; abo.textContent = ''; }
    $('payment-total').textContent = euro(dialog.total);
    $('payment-total').setAttribute('data-amount', dialog.total);
    $('payment-outcome-success').checked = true;
    $('payment-buy').disabled = false;
    $('payment-dialog').hidden = false;
  }
  function closePayment() { $('payment-dialog').hidden = true; payment = null; }

  $('payment-cancel').addEventListener('click', function () {
    if (payment) post('sim/cancel', { paymentId: payment.paymentId });
    log('payment', false, 'Kauf abgebrochen');
    closePayment();
  });

  $('payment-buy').addEventListener('click', function () {
    if (!payment) return;
    var checked = document.querySelector('input[name=payment-outcome]:checked');
    var outcome = checked ? checked.value : 'success';
    $('payment-buy').disabled = true;
    post('sim/pay', { paymentId: payment.paymentId, outcome: outcome }).then(function (r) {
      closePayment();
      if (!r || !r.ok) { showError('Zahlung fehlgeschlagen: ' + ((r && r.reason) || 'unbekannt')); return; }
      var last = $('last-payment');
      last.setAttribute('data-status', r.status);
      last.setAttribute('data-transaction-id', r.transactionId || '');
      last.setAttribute('data-abo-id', r.aboId || '');
      last.textContent = r.status + (r.transactionId ? ' \\u00b7 Transaktion ' + r.transactionId : '') + (r.aboId ? ' \\u00b7 Abo ' + r.aboId : '');
      log('payment', r.status !== 'error', 'Zahlung ' + r.status + (r.transactionId ? ', Transaktion ' + r.transactionId : '') + (r.aboId ? ', Abo ' + r.aboId : ''));
      log('callback', true, 'Callback-URL (signiert) im iFrame geladen');
      openWindow('callback', $('provider-title').textContent || 'Anbieter', r.callbackUrl);
    }, function () { closePayment(); showError('Zahlung fehlgeschlagen (Netzwerk).'); });
  });

  window.addEventListener('message', function (event) {
    // Only the provider's iframe speaks to onOffice.
    if (event.source !== frame.contentWindow) return;
    var data = event.data;
    if (typeof data !== 'string') { try { data = JSON.stringify(data); } catch (e) { data = String(data); } }
    post('sim/message', { data: data }).then(function (r) {
      if (r.kind === 'active') {
        setStatus('active', 'Aktiv');
        log('active', true, 'Nachricht "active" vom Anbieter empfangen' + (r.activated ? ' (unlockProvider erfolgreich)' : ' (aber unlockProvider wurde nicht aufgerufen)'));
      } else if (r.kind === 'order') {
        if (r.ok) {
          log('order', true, 'Bestellung empfangen, Signatur g\\u00fcltig: ' + r.dialog.items.map(function (i) { return i.name; }).join(', ') + ' (' + euro(r.dialog.total) + ')');
          openPayment(r.dialog);
        } else {
          log('order', false, 'Bestellung abgelehnt: ' + r.reason);
          showError('Bestellung abgelehnt: ' + r.reason + (r.reason === 'bad_signature' ? ' (Signatur ung\\u00fcltig: falsches Anbietersecret?)' : ''), true);
        }
      } else if (r.kind === 'service') {
        if (!r.ok) {
          log('service', false, 'Service-Nachricht ' + (r.type || '') + ' abgelehnt: ' + r.reason);
          showError('Service-Nachricht abgelehnt: ' + r.reason, true);
          return;
        }
        log('service', true, 'Service-Nachricht ' + r.type + ', Signatur g\\u00fcltig');
        if (r.action === 'refresh' || r.action === 'refreshAndClose') refreshParent();
        if (r.action === 'refreshAndClose' || r.action === 'close') closeWindow();
      } else {
        log('unknown', false, 'Unbekannte Nachricht vom Anbieter: ' + String(data).slice(0, 120));
      }
    }, function () { showError('Nachricht konnte nicht gepr\\u00fcft werden (Netzwerk).'); });
  });

  document.body.setAttribute('data-sim-ready', '1');
})();
`
