import type { Lang } from '../i18n.ts'
import { escapeHtml } from './escape.ts'

/** onOffice's own stylesheets, so the iframe looks like the enterprise UI around it (protocol §4.3). */
const ONOFFICE_FONT_CSS = 'https://smart.onoffice.de/smart/gui/smart/resources/font/Open_SansFamily.css'
const ONOFFICE_UNLOCK_CSS = 'https://smart.onoffice.de/smart/gui/smart/resources/css/layout/smart/themes/marketplace/marketplaceUnlockIFrame.css'

// Fallback when onOffice's CSS does not load (offline, simulator, changed paths): close to the onOffice look.
const FALLBACK_CSS = `
*{box-sizing:border-box}
body{margin:0;padding:16px 20px;font-family:'Open Sans',Arial,Helvetica,sans-serif;font-size:13px;color:#333;background:#fff}
h1{font-size:16px;font-weight:600;margin:0 0 12px;color:#333}
p{margin:0 0 10px;line-height:1.5}
label{display:block;font-weight:600;margin:0 0 4px}
input[type=text],input[type=password]{width:100%;max-width:520px;padding:6px 8px;border:1px solid #c3c3c3;border-radius:2px;font:inherit}
input[type=text]:focus,input[type=password]:focus{outline:none;border-color:#80a33c}
.oo-consent{display:flex;gap:8px;align-items:flex-start;margin:12px 0;font-weight:400}
.oo-consent input{margin-top:2px}
button{padding:7px 16px;border:0;border-radius:2px;background:#80a33c;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button[disabled]{background:#c3c3c3;cursor:not-allowed}
.oo-muted{color:#777}
.oo-error{color:#c0392b;margin-top:10px}
.oo-success{color:#80a33c;font-weight:600;margin-top:10px}
.oo-spinner{display:inline-block;width:12px;height:12px;margin-left:8px;border:2px solid #c3c3c3;border-top-color:#80a33c;border-radius:50%;animation:oo-spin .8s linear infinite;vertical-align:middle}
@keyframes oo-spin{to{transform:rotate(360deg)}}
[hidden]{display:none!important}
`

/** A complete HTML document. `body` and `script` must already be safe (escaped by the caller). */
export function layout(p: { lang: Lang; title: string; body: string; script?: string }): string {
  return `<!doctype html>
<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(p.title)}</title>
<link rel="stylesheet" href="${ONOFFICE_FONT_CSS}">
<link rel="stylesheet" href="${ONOFFICE_UNLOCK_CSS}">
<style>${FALLBACK_CSS}</style>
</head>
<body>
${p.body}
${p.script ? `<script>${p.script}</script>` : ''}
</body>
</html>
`
}
