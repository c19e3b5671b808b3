import type { Lang } from '../i18n.ts'
import { t } from '../i18n.ts'
import { escapeHtml } from './escape.ts'
import { layout } from './layout.ts'

// Static: reads everything it needs from the DOM, so no request data is ever interpolated into script.
// Posts JSON, and on the plain-text answer `active` tells onOffice via window.parent (protocol §4.3 step 6).
const ACTIVATION_SCRIPT = `(function(){
var form=document.getElementById('oo-activate'),consent=document.getElementById('oo-consent'),button=document.getElementById('oo-submit'),
key=document.getElementById('secret'),err=document.getElementById('oo-error'),ok=document.getElementById('oo-active'),spin=document.getElementById('oo-spinner'),busy=false;
function sync(){button.disabled=busy||!consent.checked;button.title=consent.checked?'':form.getAttribute('data-consent-first')}
function fail(m){busy=false;spin.hidden=true;err.textContent=m||form.getAttribute('data-network');err.hidden=false;sync()}
consent.addEventListener('change',sync);sync();
form.addEventListener('submit',function(ev){
ev.preventDefault();if(busy||!consent.checked)return;
busy=true;sync();spin.hidden=false;err.hidden=true;
fetch(form.action,{method:'POST',credentials:'omit',headers:{'Content-Type':'application/json','Accept':'application/json'},
body:JSON.stringify({activation:form.elements.namedItem('activation').value,apiKey:key.value.trim()})})
.then(function(r){return r.text().then(function(body){
if(r.ok&&body.replace(/'/g,'').trim()==='active'){form.hidden=true;spin.hidden=true;ok.hidden=false;window.parent.postMessage('active','*');return}
var m;try{m=JSON.parse(body).message}catch(e){}fail(m)})},function(){fail()})})
})();`

/** Props of the activation page. `activationToken` is the kit's encrypted activation token, never a raw credential. */
export interface ActivationPageProps {
  lang: Lang
  /** Path the form posts to (the same route, without the signed query). */
  action: string
  activationToken: string
  customerName: string
}

/**
 * The activation page onOffice shows inside its activation dialog: API-key field, consent checkbox,
 * "Jetzt freischalten" (disabled until consent).
 */
export function activationPage(p: ActivationPageProps): string {
  const tx = t(p.lang)
  const body = `<main>
<h1>${escapeHtml(tx.activationTitle)}</h1>
<p>${escapeHtml(tx.activationIntro)}</p>
${p.customerName ? `<p class="oo-muted">${escapeHtml(tx.customer)}: ${escapeHtml(p.customerName)}</p>` : ''}
<form id="oo-activate" method="post" action="${escapeHtml(p.action)}" autocomplete="off" data-network="${escapeHtml(tx.network)}" data-consent-first="${escapeHtml(tx.consentFirst)}">
<input type="hidden" name="activation" value="${escapeHtml(p.activationToken)}">
<label for="secret">${escapeHtml(tx.apiKeyLabel)}</label>
<input type="text" id="secret" name="apiKey" placeholder="${escapeHtml(tx.apiKeyPlaceholder)}" autocomplete="off" spellcheck="false" required minlength="64" maxlength="64">
<label class="oo-consent"><input type="checkbox" id="oo-consent" name="consent" value="1" required><span>${escapeHtml(tx.consent)}</span></label>
<button type="submit" id="oo-submit" disabled title="${escapeHtml(tx.consentFirst)}">${escapeHtml(tx.activate)}</button><span id="oo-spinner" class="oo-spinner" hidden aria-label="${escapeHtml(tx.activating)}"></span>
<p id="oo-error" class="oo-error" role="alert" hidden></p>
</form>
<p id="oo-active" class="oo-success" hidden>${escapeHtml(tx.active)}</p>
</main>`
  return layout({ lang: p.lang, title: tx.activationTitle, body, script: ACTIVATION_SCRIPT })
}

/** Shown when the activation form was posted as a document (no JS): confirms and tells onOffice. */
export function activationDonePage(lang: Lang): string {
  const tx = t(lang)
  return layout({
    lang,
    title: tx.active,
    body: `<main><h1 class="oo-success">${escapeHtml(tx.active)}</h1><p>${escapeHtml(tx.activeText)}</p></main>`,
    script: `window.parent.postMessage('active','*');`,
  })
}
