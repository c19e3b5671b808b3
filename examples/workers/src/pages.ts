// The two pages of the Exposé helper. `html` escapes every interpolated value; `raw` only wraps our own constants.
import { html, raw } from 'hono/html'
import type { PaymentResult } from 'onoffice-kit'

export interface PageTexts {
  /** The service's name in this language ("Exposé-Assistent" / "Exposé helper"). */
  name: string
  tooLong: string
  description: string
  save: string
  saved: string
  premium: string
  premiumText: string
  buy: string
  relaunch: string
  failed: string
  paid: string
  pending: string
  payError: string
  repeated: string
  transaction: string
  noEstate: string
  saveExpose: string
  exposeSaved: string
  exposeTitle: string
  abo: string
  aboText: string
  subscribe: string
  perMonth: string
  yours: string
  none: string
  subscription: string
  refund: string
  refunded: string
  noRefunds: string
  cancel: string
  cancelledFrom: string
}

/** One entitlement the service lists under "Ihre Käufe": a paid product or a running subscription. */
export interface PurchaseLine {
  product: string
  transactionId: string
  aboId: string | null
  /** `YYYY-MM-DD` when the subscription was cancelled (it runs until then), else `null`. */
  cancelationDate: string | null
}

const STYLE = raw(`<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#222}
header{display:flex;align-items:center;gap:12px;padding:10px 16px;background:var(--ci);color:#fff}
header .customer{flex:1;font-weight:600}
header img{height:32px;width:32px;object-fit:cover;border-radius:4px;background:#fff}
header img.photo{border-radius:50%}
main{padding:16px;max-width:760px}
h1{margin:.2em 0;color:var(--ci)}
.meta{color:#666}
textarea{width:100%;min-height:120px;font:inherit}
button{background:var(--ci);color:#fff;border:0;border-radius:3px;padding:7px 14px;font:inherit;cursor:pointer}
button.secondary{background:#fff;color:var(--ci);border:1px solid var(--ci);padding:3px 10px;margin-left:8px}
#purchases ul{padding-left:18px}
section{border-top:1px solid #ddd;margin-top:18px;padding-top:8px}
output{margin-left:10px}
.ok{color:#1b7f3b}.err{color:#b00020}
</style>`)

// Only a strict hex colour reaches the stylesheet; anything else falls back to the default.
const ciColour = (value: string | undefined): string =>
  value && /^#[0-9a-f]{6}$/i.test(value) ? value : '#2a6ebb'
// onOffice sends the logo and photos as base64 (or as a link when asked for one).
const imageSrc = (value: string | null | undefined): string | null =>
  !value
    ? null
    : /^https:\/\//.test(value)
      ? value
      : /^[A-Za-z0-9+/=\s]+$/.test(value)
        ? `data:image/png;base64,${value.replace(/\s+/g, '')}`
        : null

// JSON inside <script>: `<` escaped so a value can never close the script element.
const scriptJson = (value: unknown) => raw(JSON.stringify(value).replace(/</g, '\\u003c'))

export function servicePage(p: {
  t: PageTexts
  lang: 'de' | 'en'
  customerName: string
  estate: {
    id: string
    language: string | null
    title: string
    text: string
    city: string
    facts: ReadonlyArray<{ label: string; value: string }>
  } | null
  color: string | undefined
  logo: string | undefined
  photo: string | null
  sessionToken: string
  price: string
  abo: { price: string }
  purchases: readonly PurchaseLine[]
  /** Whether refunds are set up (the provider's own API user). */
  refunds: boolean
}) {
  const money = (v: string) => (p.lang === 'de' ? v.replace('.', ',') : v)
  const logo = imageSrc(p.logo)
  const photo = imageSrc(p.photo)
  return html`<!doctype html>
<html lang="${p.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${p.t.name}</title>${STYLE}
<style>:root{--ci:${ciColour(p.color)}}</style></head>
<body>
<header>${logo ? html`<img id="logo" src="${logo}" alt="Logo ${p.customerName}">` : ''}<span class="customer">${p.customerName}</span>${photo ? html`<img id="photo" class="photo" src="${photo}" alt="${p.lang === 'de' ? 'Ihr Foto' : 'Your photo'}">` : ''}</header>
<main>
${
  p.estate
    ? html`<h1 id="title">${p.estate.title}</h1>
<p class="meta" id="meta">#${p.estate.id} · ${p.estate.city} · ${p.estate.language ?? '—'}</p>
${p.estate.facts.length ? html`<dl id="facts">${p.estate.facts.map((f) => html`<dt>${f.label}</dt><dd>${f.value}</dd>`)}</dl>` : ''}
<form id="edit">
<label for="text">${p.t.description}</label>
<textarea id="text" name="text" aria-describedby="save-status">${p.estate.text}</textarea>
<p><button type="submit" id="save">${p.t.save}</button><output id="save-status" role="status"></output></p>
</form>
<section id="expose"><button type="button" id="save-expose">${p.t.saveExpose}</button><output id="expose-status" role="status"></output></section>
<section id="premium"><h2>${p.t.premium}</h2><p>${p.t.premiumText} — ${money(p.price)} € (netto)</p>
<button type="button" id="buy">${p.t.buy}</button><output id="buy-status" role="status"></output></section>
<section id="abo"><h2>${p.t.abo}</h2><p>${p.t.aboText} — ${money(p.abo.price)} € / ${p.t.perMonth} (netto)</p>
<button type="button" id="subscribe">${p.t.subscribe}</button><output id="subscribe-status" role="status"></output></section>`
    : html`<p id="no-estate">${p.t.noEstate}</p>`
}
<section id="purchases" aria-labelledby="purchases-title"><h2 id="purchases-title">${p.t.yours}</h2>
${
  p.purchases.length === 0
    ? html`<p>${p.t.none}</p>`
    : html`<ul>${p.purchases.map(
        (l) =>
          html`<li>${l.product} · ${p.t.transaction} ${l.transactionId}${l.aboId ? html` · ${p.t.subscription} ${l.aboId}` : ''}${
            l.aboId
              ? l.cancelationDate
                ? html` · ${p.t.cancelledFrom} ${l.cancelationDate}`
                : html`<button type="button" class="secondary" data-cancel="${l.aboId}">${p.t.cancel}</button>`
              : p.refunds
                ? html`<button type="button" class="secondary" data-refund="${l.transactionId}">${p.t.refund}</button>`
                : ''
          }</li>`,
      )}</ul>`
}
<output id="purchases-status" role="status"></output></section>
</main>
<script src="onoffice.js"></script>
<script>
const SESSION = ${scriptJson(p.sessionToken)}
const T = ${scriptJson({ saved: p.t.saved, failed: p.t.failed, relaunch: p.t.relaunch, exposeSaved: p.t.exposeSaved })}
// The iframe's own requests: relative URLs (work under any mount path), the session token as Bearer.
async function call(path, body) {
  const res = await fetch(path, { method: 'POST', headers: { authorization: 'Bearer ' + SESSION, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (res.status === 401 && res.headers.get('x-onoffice-relaunch') === '1') throw new Error(T.relaunch)
  if (!res.ok) {
    const answer = await res.json().catch(() => ({}))
    throw new Error(answer.message || T.failed + ' (' + res.status + ')')
  }
  return res.json()
}
function show(el, text, ok) { el.textContent = text; el.className = ok ? 'ok' : 'err' }
const form = document.getElementById('edit')
form && form.addEventListener('submit', async (e) => {
  e.preventDefault()
  const out = document.getElementById('save-status')
  try { await call('service/api/text', { text: document.getElementById('text').value }); show(out, T.saved, true) }
  catch (err) { show(out, err.message, false) }
})
const saveExpose = document.getElementById('save-expose')
saveExpose && saveExpose.addEventListener('click', async () => {
  const out = document.getElementById('expose-status')
  out.textContent = ''
  try { const r = await call('service/api/expose', {}); show(out, T.exposeSaved + ' (' + r.file + ')', true) }
  catch (err) { show(out, err.message, false) }
})
const buy = document.getElementById('buy')
buy && buy.addEventListener('click', async () => {
  const out = document.getElementById('buy-status')
  try {
    // Signed on the server; the kit's browser helper (/onoffice/onoffice.js) posts it to onOffice (window.parent),
    // which verifies it, takes the payment and loads our callback URL in this iframe.
    // onOffice's payment dialog opens over this page; after "Abbrechen" nothing changed here, so nothing is shown.
    out.textContent = ''
    onOffice.postOrder(await call('service/api/order', {}))
  } catch (err) { show(out, err.message, false) }
})
const subscribe = document.getElementById('subscribe')
subscribe && subscribe.addEventListener('click', async () => {
  const out = document.getElementById('subscribe-status')
  try { out.textContent = ''; onOffice.postOrder(await call('service/api/order', { item: 'abo' })) }
  catch (err) { show(out, err.message, false) }
})
// Refund a purchase / cancel a subscription; the answer's signed refreshParent lets onOffice's page update too.
document.querySelectorAll('[data-refund], [data-cancel]').forEach((button) => {
  button.addEventListener('click', async () => {
    const out = document.getElementById('purchases-status')
    const refund = button.hasAttribute('data-refund')
    button.disabled = true
    try {
      const r = refund
        ? await call('service/api/refund', { transactionId: button.getAttribute('data-refund') })
        : await call('service/api/cancel', { aboId: button.getAttribute('data-cancel') })
      show(out, r.message, true)
      if (refund) button.closest('li').remove()
      else button.replaceWith(' · ' + r.message)
      onOffice.postServiceMessage(r.refresh)
    } catch (err) { button.disabled = false; show(out, err.message, false) }
  })
})
</script>
</body></html>`
}

// Labels of the exposé per estate language (the document is in the property's language, not the user's).
const EXPOSE_LABELS: Record<string, { price: string; area: string; by: string }> = {
  DEU: { price: 'Kaufpreis', area: 'Wohnfläche', by: 'Ein Angebot von' },
  ENG: { price: 'Price', area: 'Living area', by: 'Offered by' },
}

const xml = (s: string) => s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/** Splits `text` into lines of at most `width` characters at spaces (at most `max` lines). */
function wrap(text: string, width: number, max: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if ((line + ' ' + word).trim().length > width) {
      lines.push(line)
      line = word
      if (lines.length === max) return lines
    } else line = (line + ' ' + word).trim()
  }
  if (line) lines.push(line)
  return lines.slice(0, max)
}

/** A one-page exposé (A4, SVG) of the property in its language: title, city, price, area, description. */
export function exposeSvg(p: {
  lang: string
  customerName: string
  estateId: string
  title: string
  text: string
  city: string
  price: string
  area: string
}): string {
  const l = EXPOSE_LABELS[p.lang] ?? EXPOSE_LABELS.ENG!
  const body = wrap(p.text, 80, 30)
    .map((line, i) => `<text x="60" y="${330 + i * 20}" font-size="14">${xml(line)}</text>`)
    .join('')
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="595" height="842" viewBox="0 0 595 842" font-family="Helvetica, Arial, sans-serif" lang="${xml(p.lang)}">
<rect width="595" height="842" fill="#fff"/><rect width="595" height="90" fill="#2a6ebb"/>
<text x="60" y="55" font-size="22" fill="#fff">${xml(p.customerName)}</text>
<text x="60" y="150" font-size="26" font-weight="bold">${xml(p.title)}</text>
<text x="60" y="185" font-size="16" fill="#555">#${xml(p.estateId)} · ${xml(p.city)}</text>
<text x="60" y="240" font-size="16">${xml(l.price)}: ${xml(p.price)} €</text>
<text x="60" y="265" font-size="16">${xml(l.area)}: ${xml(p.area)} m²</text>
${body}
<text x="60" y="800" font-size="12" fill="#555">${xml(l.by)} ${xml(p.customerName)}</text>
</svg>
`
}

export function callbackPage(p: {
  t: PageTexts
  lang: 'de' | 'en'
  payment: PaymentResult & { repeated: boolean }
  estateId: string | null
  item: 'premium' | 'abo'
}) {
  const { payment, t } = p
  const headline =
    payment.status === 'success' ? t.paid : payment.status === 'inprocess' ? t.pending : t.payError
  const product = p.item === 'abo' ? t.abo : t.premium
  return html`<!doctype html>
<html lang="${p.lang}"><head><meta charset="utf-8"><title>${product}</title>${STYLE}<style>:root{--ci:#2a6ebb}</style></head>
<body><main>
<h1 id="purchase" data-status="${payment.status}">${headline}</h1>
<p>${product}${p.estateId ? html` · #${p.estateId}` : ''}</p>
${payment.aboId ? html`<p id="abo-id">${t.subscription} <b>${payment.aboId}</b></p>` : ''}
${payment.transactionId ? html`<p id="transaction">${t.transaction} <b>${payment.transactionId}</b></p>` : ''}
${payment.message ? html`<p class="err">${payment.message}</p>` : ''}
${payment.repeated ? html`<p id="repeated">${t.repeated}</p>` : ''}
</main></body></html>`
}
