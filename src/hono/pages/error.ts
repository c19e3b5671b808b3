import type { Lang } from '../i18n.ts'
import { escapeHtml } from './escape.ts'
import { layout } from './layout.ts'

/**
 * An error page: bad or expired link, "activate" (409), relaunch (401), anything else.
 * `reason` is a machine-readable code for scripts and tests (`data-reason`); `refreshSec` makes the page reload
 * itself (a payment another delivery is still processing).
 */
export function errorPage(p: {
  lang: Lang
  title: string
  message: string
  reason: string
  nonce: string
  refreshSec?: number
}): string {
  return layout({
    lang: p.lang,
    title: p.title,
    nonce: p.nonce,
    ...(p.refreshSec !== undefined ? { refreshSec: p.refreshSec } : {}),
    body: `<main data-reason="${escapeHtml(p.reason)}">
<h1>${escapeHtml(p.title)}</h1>
<p class="oo-error" role="alert">${escapeHtml(p.message)}</p>
</main>`,
  })
}
