import type { Lang } from '../i18n.ts'
import { t } from '../i18n.ts'
import { ACTIVATION_SCRIPT } from './activation.client.gen.ts'
import { escapeHtml } from './escape.ts'
import { layout } from './layout.ts'

/** Props of the activation page. `activationToken` is the kit's encrypted activation token, never a raw credential. */
export interface ActivationPageProps {
  lang: Lang
  /** Path the form posts to (the same route, without the signed query). */
  action: string
  activationToken: string
  customerName: string
  /** The `serviceName` option: named in the title and the consent sentence. */
  serviceName: string | undefined
  /** The `privacyPolicyUrl` option: the consent sentence links it; without it the sentence mentions no policy. */
  privacyPolicyUrl: string | undefined
  /** CSP nonce of this response. */
  nonce: string
}

const fill = (template: string, service: string): string => template.replace('{service}', service)

/** The consent sentence as HTML (escaped): with a privacy policy link when the provider configured one. */
function consentHtml(p: ActivationPageProps): string {
  const tx = t(p.lang)
  if (p.privacyPolicyUrl === undefined)
    return escapeHtml(fill(tx.consentPlain, p.serviceName ?? tx.theProvider))
  const of =
    p.serviceName === undefined ? '' : ` ${escapeHtml(fill(tx.privacyPolicyOf, p.serviceName))}`
  const link = `<a href="${escapeHtml(p.privacyPolicyUrl)}" target="_blank" rel="noopener noreferrer">${escapeHtml(tx.privacyPolicy)}</a>${of}`
  const [before = '', after = ''] = escapeHtml(tx.consentPolicy).split('{policy}')
  return `${before}${link}${after}`
}

/**
 * The activation page onOffice shows inside its activation dialog: API-key field (no length limits: the kit
 * checks a paste and says what is wrong, next to the field), consent checkbox, "Jetzt freischalten" (disabled
 * until consent). On success the form gives way to "Aktiv — Sie können dieses Fenster schließen".
 */
export function activationPage(p: ActivationPageProps): string {
  const tx = t(p.lang)
  const title =
    p.serviceName === undefined ? tx.activationTitle : fill(tx.activateService, p.serviceName)
  const body = `<main>
<h1>${escapeHtml(title)}</h1>
<form id="oo-activate" method="post" action="${escapeHtml(p.action)}" autocomplete="off" novalidate data-network="${escapeHtml(tx.network)}" data-consent-first="${escapeHtml(tx.consentFirst)}">
<p>${escapeHtml(tx.activationIntro)}</p>
${p.customerName ? `<p class="oo-muted">${escapeHtml(tx.customer)}: ${escapeHtml(p.customerName)}</p>` : ''}
<input type="hidden" name="activation" value="${escapeHtml(p.activationToken)}">
<label for="secret">${escapeHtml(tx.apiKeyLabel)}</label>
<input type="text" id="secret" name="apiKey" placeholder="${escapeHtml(tx.apiKeyPlaceholder)}" autocomplete="off" autocapitalize="off" spellcheck="false" aria-describedby="oo-key-error">
<p id="oo-key-error" class="oo-error" role="alert" hidden></p>
<label class="oo-consent"><input type="checkbox" id="oo-consent" name="consent" value="1"><span>${consentHtml(p)}</span></label>
<button type="submit" id="oo-submit" disabled title="${escapeHtml(tx.consentFirst)}">${escapeHtml(tx.activate)}</button><span id="oo-spinner" class="oo-spinner" role="status" hidden aria-label="${escapeHtml(tx.activating)}"></span>
<p id="oo-error" class="oo-error" role="alert" hidden></p>
</form>
<div id="oo-active" class="oo-done" role="status" tabindex="-1" hidden><p class="oo-success">${escapeHtml(tx.activeText)}</p></div>
</main>`
  return layout({ lang: p.lang, title, body, nonce: p.nonce, script: ACTIVATION_SCRIPT })
}

/** Shown when the activation form was posted as a document (no JS): confirms and tells onOffice. */
export function activationDonePage(lang: Lang, nonce: string): string {
  const tx = t(lang)
  return layout({
    lang,
    title: tx.active,
    nonce,
    body: `<main><div class="oo-done" role="status"><p class="oo-success">${escapeHtml(tx.activeText)}</p></div></main>`,
    script: `window.parent.postMessage('active','*');`,
  })
}
