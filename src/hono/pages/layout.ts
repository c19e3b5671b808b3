import { frameAncestorsPolicy } from '../frame-headers.ts'
import type { Lang } from '../i18n.ts'
import { escapeHtml } from './escape.ts'

// Self-contained: no stylesheet, font or script from elsewhere, so the pages work offline and under a strict CSP.
// Close to onOffice's own activation iframe (Open Sans where installed, Arial otherwise; onOffice green).
const PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;padding:16px 20px;font-family:'Open Sans',Arial,Helvetica,sans-serif;font-size:13px;color:#333;background:#fff}
h1{font-size:16px;font-weight:600;margin:0 0 12px;color:#333}
p{margin:0 0 10px;line-height:1.5}
a{color:#5f7f1f}
label{display:block;font-weight:600;margin:0 0 4px}
input[type=text],input[type=password]{width:100%;max-width:560px;padding:6px 8px;border:1px solid #c3c3c3;border-radius:2px;font:inherit;font-family:Consolas,Menlo,monospace}
input[type=text]:focus,input[type=password]:focus{outline:none;border-color:#80a33c}
input[aria-invalid=true]{border-color:#c0392b}
.oo-consent{display:flex;gap:8px;align-items:flex-start;margin:12px 0;font-weight:400}
.oo-consent input{margin-top:2px}
button{padding:7px 16px;border:0;border-radius:2px;background:#80a33c;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button[disabled]{background:#c3c3c3;cursor:not-allowed}
.oo-muted{color:#777}
.oo-error{color:#c0392b;margin-top:6px}
.oo-success{color:#4f7a0a;font-weight:600}
.oo-done{padding:14px 16px;border:1px solid #bcd98a;background:#f3f9e8;border-radius:3px;max-width:560px}
.oo-spinner{display:inline-block;width:12px;height:12px;margin-left:8px;border:2px solid #c3c3c3;border-top-color:#80a33c;border-radius:50%;animation:oo-spin .8s linear infinite;vertical-align:middle}
@keyframes oo-spin{to{transform:rotate(360deg)}}
[hidden]{display:none!important}
`

/** A fresh CSP nonce (128 random bits, base64) for one response's inline style and script. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
}

/**
 * The `Content-Security-Policy` of the kit's pages: nothing loads from anywhere, only the page's own inline
 * style and script (by `nonce`) run, requests go to the page's own origin, and only `ancestors` may frame it.
 */
export function pagePolicy(nonce: string, ancestors: readonly string[]): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    frameAncestorsPolicy(ancestors),
  ].join('; ')
}

/**
 * A complete HTML document. `body` and `script` must already be safe (escaped by the caller); `nonce` from
 * {@link newNonce}; `refreshSec` reloads the page after that many seconds (no script needed).
 */
export function layout(p: {
  lang: Lang
  title: string
  body: string
  nonce: string
  script?: string
  refreshSec?: number
}): string {
  return `<!doctype html>
<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${p.refreshSec !== undefined ? `<meta http-equiv="refresh" content="${Math.max(1, Math.floor(p.refreshSec))}">\n` : ''}<title>${escapeHtml(p.title)}</title>
<style nonce="${p.nonce}">${PAGE_CSS}</style>
</head>
<body>
${p.body}
${p.script ? `<script nonce="${p.nonce}">${p.script}</script>` : ''}
</body>
</html>
`
}
