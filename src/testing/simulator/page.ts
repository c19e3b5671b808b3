/**
 * The host page: onOffice enterprise's Marketplace for one provider (German UI).
 *
 * Stable element ids — each element also carries `data-testid` with the same value — for browser tests:
 *
 * | id | what |
 * |---|---|
 * | `service-card` | the provider's service in the Marketplace panel |
 * | `activate` | button "Aktivieren": starts (or re-opens, same key) an activation (`POST /sim/activate`) and opens the activation window: the key above the provider's iframe |
 * | `status` | activation status; text exactly `Aktiv` after the iframe posted `active` (before: `Nicht freigeschaltet` / `Freischaltung läuft …` — no other text contains "aktiv", so a case-insensitive `hasText: 'Aktiv'` is safe); `data-state` = `inactive` / `pending` / `active` |
 * | `api-key-box` | the box with the API key, in the activation window above the provider's iframe (hidden for other windows) |
 * | `api-key` | the API key to paste into the provider's iframe (its text content) |
 * | `copy-api-key` | button "Kopieren": copies the key to the clipboard; `copy-status` then says "In die Zwischenablage kopiert" |
 * | `copy-status` | what "Kopieren" did (`role="status"`) |
 * | `new-api-key` | button "Neuen Key erzeugen": a new API user (the previous key stops working) |
 * | `estates` | the property table |
 * | `estate-row-<id>` | one property row |
 * | `estate-title-<id>` | its title, in the selected language |
 * | `language-<id>` | `<select>` DEU/ENG, only for multilingual properties (e.g. id 1 and 2) |
 * | `open-service-<id>` | button "Service öffnen" (`POST /sim/launch`, opens the service iframe) |
 * | `webhook-<id>` | button "Webhook auslösen": the simulator's server sends the signed webhook GET for this property to the service's webhook URL (`POST /sim/webhook`); the answer lands in `webhook-answer` and the log |
 * | `webhook-answer` | the last webhook's answer (`role="status"`): `Immobilie 1: 200 OK`; `data-status` = the HTTP status (empty when the service was unreachable) |
 * | `estate-files-<id>` | the property's files (what `uploadfile` linked): one link per file, text `<title> (<Art>)`; refreshed when the provider window closes or the provider asks to refresh |
 * | `provider-window` | the lightbox around the provider's iframe (hidden when closed); `data-kind` = `activation` / `service` / `callback` |
 * | `provider-title` | its title |
 * | `provider-close` | its close button (×) |
 * | `provider-frame` | the provider's `<iframe>` (name `provider-frame`) |
 * | `payment-dialog` | onOffice's payment dialog (hidden unless a verified order arrived) |
 * | `payment-items` | its product lines (`<li>` per product, or one for an abo) |
 * | `payment-total` | the total (`25,10 €`); `data-amount` = `25.10` |
 * | `payment-outcome-success` / `-inprocess` / `-error` | radios: card payment / SEPA pending / failed payment |
 * | `payment-buy` | "Jetzt kaufen": takes the payment in the fake, then loads the signed callback URL in the iframe |
 * | `payment-cancel` | "Abbrechen" |
 * | `last-payment` | after a purchase: `bezahlt · Transaktion 1000001` (text), `data-status` (`success`/`inprocess`/`error`), `data-transaction-id`, `data-abo-id` |
 * | `purchases` | table "Käufe und Abos": what the customer bought (`GET /sim/purchases`), refreshed after a purchase, when the provider window closes, when the provider asks to refresh, and by `purchases-refresh` ("Aktualisieren") |
 * | `purchase-<transactionId>` | one row: Transaktion, Produkt, Art (`Einmalkauf`, `Abo abo-…`), Betrag, Status (`bezahlt`, `in Bearbeitung (SEPA-Lastschrift)`, `erstattet`, `läuft`, `gekündigt zum TT.MM.JJJJ`, `beendet (…)`); `data-status` = `paid` / `pending` / `refunded` / `running` / `cancelled` / `ended` |
 * | `error` | visible error box (hidden when there is none): bad signatures, refused orders, failed requests |
 * | `refresh-count` | how often the provider asked to refresh the parent (`refreshParent`, `refreshParentAndClose`) |
 * | `log` | event log: one `<li>` per event with `data-kind` (`activation`, `active`, `launch`, `order`, `payment`, `callback`, `service`, `webhook`, `unknown`, `error`) and `data-ok` (`true`/`false`) |
 *
 * `<body data-sim-ready="1">` once the script is running (wait for it before clicking).
 *
 * Flow: `#activate` → `POST /sim/activate` → `#api-key` + `#provider-frame` (signed activation URL) → the
 * iframe posts `active` → `#status` = `Aktiv`. `#open-service-1` (after `#language-1` = `ENG`) →
 * `POST /sim/launch` → `#provider-frame` (signed service URL). The iframe posts a signed order →
 * `POST /sim/message` → `#payment-dialog` → `#payment-buy` → `POST /sim/pay` → the iframe loads the signed
 * callback URL, `#last-payment` is filled. A signed service message → `POST /sim/message` → refresh counter
 * and/or the window closes. Anything with a bad signature → `#error` and a `data-ok="false"` log line.
 */
import { escapeHtml } from '../../hono/pages/escape.ts'
import { estateLanguages } from './flows.ts'
import type { ResolvedSimulatorOptions } from './options.ts'
import { PAGE_CSS } from './page-style.ts'
import type { Purchase } from './purchases.ts'

/**
 * The host page's CSP: its own script file and (by nonce) its inline style; requests only to itself; frames only
 * from the provider's origins.
 */
export function pagePolicy(opts: ResolvedSimulatorOptions, nonce: string): string {
  const frames = [
    ...new Set([new URL(opts.provider).origin, new URL(opts.serviceUrl).origin]),
  ].join(' ')
  return `default-src 'none'; script-src 'self'; style-src 'nonce-${nonce}'; img-src 'self' data:; connect-src 'self'; frame-src ${frames}; form-action 'none'; base-uri 'none'; frame-ancestors 'none'`
}

const LANGUAGE_NAMES: Record<string, string> = {
  DEU: 'Deutsch',
  ENG: 'English',
  FRA: 'Français',
  ITA: 'Italiano',
  ESP: 'Español',
  NLD: 'Nederlands',
}

function attr(id: string): string {
  return `id="${escapeHtml(id)}" data-testid="${escapeHtml(id)}"`
}

/** The files of one property as the page shows them (newest last). */
export function estateFiles(
  opts: ResolvedSimulatorOptions,
  estateId: number,
): Array<{ id: number; art: string; title: string; name: string; url: string }> {
  return [...opts.fake.files.values()]
    .filter((f) => f.module === 'estate' && f.relatedRecordId === estateId)
    .sort((a, b) => a.position - b.position)
    .map((f) => ({
      id: f.id,
      art: f.art,
      title: f.title || f.originalName,
      name: f.originalName,
      url:
        f.url ??
        `files/${f.relatedRecordId}/${f.id}/${encodeURIComponent(f.originalName || f.filename)}`,
    }))
}

function fileCell(opts: ResolvedSimulatorOptions, id: number): string {
  const files = estateFiles(opts, id)
  if (files.length === 0) return '<span class="oo-muted">–</span>'
  return `<ul class="oo-files">${files.map((f) => `<li><a href="${escapeHtml(f.url)}" target="_blank" rel="noopener">${escapeHtml(`${f.title} (${f.art})`)}</a></li>`).join('')}</ul>`
}

function estateRows(opts: ResolvedSimulatorOptions): string {
  const rows: string[] = []
  for (const id of opts.estates) {
    const e = opts.fake.estates.get(id)
    if (!e) continue
    const languages = estateLanguages(opts, id)
    const titles: Record<string, string> = {}
    for (const l of languages) titles[l] = e.texts[l]?.objekttitel ?? ''
    const main = languages[0]!
    const select =
      languages.length > 1
        ? `<select ${attr(`language-${id}`)} class="sim-language" data-estate="${id}" aria-label="Sprache">${languages
            .map(
              (l) =>
                `<option value="${escapeHtml(l)}" data-title="${escapeHtml(titles[l] ?? '')}">${escapeHtml(l)} – ${escapeHtml(LANGUAGE_NAMES[l] ?? l)}</option>`,
            )
            .join('')}</select>`
        : `<span class="oo-muted">${escapeHtml(main)}</span>`
    rows.push(`<tr ${attr(`estate-row-${id}`)}>
<td>${escapeHtml(e.fields.objektnr_extern ?? String(id))}</td>
<td ${attr(`estate-title-${id}`)}>${escapeHtml(titles[main] ?? '')}</td>
<td>${escapeHtml([e.fields.plz, e.fields.ort].filter(Boolean).join(' '))}</td>
<td>${select}</td>
<td ${attr(`estate-files-${id}`)}>${fileCell(opts, id)}</td>
<td class="oo-row-actions"><button type="button" class="sim-open-service" ${attr(`open-service-${id}`)} data-estate="${id}">Service öffnen</button> <button type="button" class="oo-secondary sim-webhook" ${attr(`webhook-${id}`)} data-estate="${id}">Webhook auslösen</button></td>
</tr>`)
  }
  return rows.join('\n')
}

/** The rows of "Käufe und Abos" (the page script rebuilds them the same way from `GET /sim/purchases`). */
function purchaseRows(purchases: readonly Purchase[]): string {
  if (purchases.length === 0)
    return `<tr class="oo-purchases-empty"><td colspan="5" class="oo-muted">Noch nichts gekauft.</td></tr>`
  return purchases
    .map(
      (p) =>
        `<tr ${attr(`purchase-${p.transactionId}`)} data-status="${escapeHtml(p.status)}"><td>${escapeHtml(p.transactionId)}</td><td>${escapeHtml(p.text.product)}</td><td>${escapeHtml(p.text.kind)}</td><td>${escapeHtml(p.text.amount)}</td><td>${escapeHtml(p.text.status)}</td></tr>`,
    )
    .join('\n')
}

/** Renders the host page. No external resources: the simulator runs offline. */
export function renderPage(
  opts: ResolvedSimulatorOptions,
  nonce: string,
  purchases: readonly Purchase[] = [],
): string {
  const { customer } = opts
  const activated = opts.fake.isActivated(customer.customerWebId)
  const providerHost = new URL(opts.provider).host
  const user = opts.fake.users.get(Number(customer.userId))
  const userName = user
    ? `${user.fields.Vorname ?? ''} ${user.fields.Nachname ?? ''}`.trim()
    : `Benutzer ${customer.userId}`
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>onOffice enterprise – Marketplace (Simulator)</title>
<style nonce="${nonce}">${PAGE_CSS}</style>
</head>
<body>
<header class="oo-bar">
  <div class="oo-logo">on<span>Office</span> enterprise</div>
  <nav><a href="#">Adressen</a><a href="#estates-panel">Immobilien</a><a href="#marketplace" class="active">Marketplace</a></nav>
  <div class="oo-user" ${attr('customer')}>${escapeHtml(userName)}<br><span>${escapeHtml(customer.customerName)} · Web-ID ${escapeHtml(customer.customerWebId)}</span></div>
</header>
<main>
<div>
  <div class="oo-error" ${attr('error')} role="alert" hidden></div>
  <section class="oo-panel" ${attr('marketplace')}>
    <h2>Marketplace</h2>
    <div class="oo-body">
      <div class="oo-service" ${attr('service-card')}>
        <div class="oo-service-icon" aria-hidden="true">${escapeHtml(opts.serviceName.slice(0, 1).toUpperCase())}</div>
        <div>
          <h3>${escapeHtml(opts.serviceName)}</h3>
          <div class="oo-muted">Anbieter: ${escapeHtml(providerHost)}</div>
          <span class="oo-status" ${attr('status')} data-state="${activated ? 'active' : 'inactive'}">${activated ? 'Aktiv' : 'Nicht freigeschaltet'}</span>
        </div>
        <div class="oo-actions"><button type="button" ${attr('activate')}>Aktivieren</button></div>
      </div>
    </div>
  </section>
  <section class="oo-panel" id="estates-panel">
    <h2>Immobilien</h2>
    <div class="oo-body">
      <table ${attr('estates')}>
        <thead><tr><th>Objektnr.</th><th>Titel</th><th>Ort</th><th>Sprache</th><th>Dateien</th><th></th></tr></thead>
        <tbody>
${estateRows(opts)}
        </tbody>
      </table>
    </div>
  </section>
  <section class="oo-panel" ${attr('purchases-panel')} aria-labelledby="purchases-title">
    <h2 id="purchases-title">Käufe und Abos</h2>
    <div class="oo-body">
      <table ${attr('purchases')} aria-labelledby="purchases-title">
        <thead><tr><th>Transaktion</th><th>Produkt</th><th>Art</th><th>Betrag</th><th>Status</th></tr></thead>
        <tbody ${attr('purchase-rows')}>
${purchaseRows(purchases)}
        </tbody>
      </table>
      <p class="oo-muted oo-note">Erstatten (<code>transactionRefund</code>) und Abos kündigen (<code>marketplaceCancelAbo</code>) kann nur der Anbieter – in onOffice selbst geht beides nicht. <button type="button" class="oo-secondary" ${attr('purchases-refresh')}>Aktualisieren</button></p>
    </div>
  </section>
</div>
<aside>
  <section class="oo-panel">
    <h2>Ereignisse</h2>
    <div class="oo-body">
      <div class="oo-refresh oo-muted">Seite aktualisiert: <span ${attr('refresh-count')}>0</span>× · Letzter Kauf: <span ${attr('last-payment')}>–</span><br>Letzter Webhook: <span ${attr('webhook-answer')} role="status">–</span></div>
      <p class="oo-muted oo-log-empty">Hier steht, was zwischen onOffice und dem Anbieter passiert.</p>
      <ol ${attr('log')}></ol>
    </div>
  </section>
</aside>
</main>
<div class="oo-overlay" ${attr('provider-window')} hidden>
  <div class="oo-window" role="dialog" aria-modal="true" aria-labelledby="provider-title">
    <div class="oo-window-head"><strong ${attr('provider-title')}>Anbieter</strong><button type="button" ${attr('provider-close')} aria-label="Schließen">×</button></div>
    <div class="oo-key" ${attr('api-key-box')} role="region" aria-labelledby="api-key-label" hidden>
      <div class="oo-key-text">
        <strong id="api-key-label">Ihr API-Key</strong>
        <span class="oo-muted">Kopieren Sie ihn in das Feld des Anbieters unten und klicken Sie dort auf „Jetzt freischalten“.</span>
        <code ${attr('api-key')} aria-labelledby="api-key-label"></code>
      </div>
      <div class="oo-key-actions">
        <button type="button" ${attr('copy-api-key')}>Kopieren</button>
        <button type="button" class="oo-secondary" ${attr('new-api-key')}>Neuen Key erzeugen</button>
        <span class="oo-copy-status" ${attr('copy-status')} role="status"></span>
      </div>
    </div>
    <iframe ${attr('provider-frame')} name="provider-frame" title="Anbieter" src="about:blank"></iframe>
  </div>
</div>
<div class="oo-overlay oo-payment-overlay" ${attr('payment-dialog')} hidden>
  <div class="oo-dialog" role="dialog" aria-modal="true" aria-labelledby="payment-title">
    <h2 id="payment-title">onOffice Zahlung</h2>
    <div class="oo-body">
      <div class="oo-sandbox">Sandbox – es wird kein Geld bewegt.</div>
      <ul ${attr('payment-items')}></ul>
      <div ${attr('payment-abo')} class="oo-muted" hidden></div>
      <div class="oo-total"><span>Gesamt</span><span ${attr('payment-total')}></span></div>
      <div class="oo-methods">
        <label><input type="radio" name="payment-outcome" value="success" ${attr('payment-outcome-success')} checked> Kreditkarte (erfolgreich)</label>
        <label><input type="radio" name="payment-outcome" value="inprocess" ${attr('payment-outcome-inprocess')}> SEPA-Lastschrift (in Bearbeitung)</label>
        <label><input type="radio" name="payment-outcome" value="error" ${attr('payment-outcome-error')}> Zahlung schlägt fehl</label>
      </div>
    </div>
    <footer><button type="button" class="oo-secondary" ${attr('payment-cancel')}>Abbrechen</button><button type="button" ${attr('payment-buy')}>Jetzt kaufen</button></footer>
  </div>
</div>
<script src="sim/page.js"></script>
</body>
</html>
`
}
