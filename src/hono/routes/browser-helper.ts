import type { Context } from 'hono'
import { BROWSER_HELPER_SCRIPT } from '../../marketplace/index.ts'

// FNV-1a of the script: a strong-enough validator so a browser revalidates cheaply after an upgrade of the kit.
function fnv1a(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  return h.toString(16).padStart(8, '0')
}

const ETAG = `"oo-${fnv1a(BROWSER_HELPER_SCRIPT)}"`
const HEADERS = {
  'Content-Type': 'text/javascript; charset=utf-8',
  'X-Content-Type-Options': 'nosniff',
  // One day fresh, then a week of stale-while-revalidate: the URL is not versioned, so a kit upgrade must reach
  // browsers within a day; the ETag makes the revalidation a 304.
  'Cache-Control': 'public, max-age=86400, stale-while-revalidate=604800',
  ETag: ETAG,
} as const

/** `GET /onoffice.js`: the browser helper (`window.onOffice.postOrder`, `.postServiceMessage`). */
export function browserHelperHandler(c: Context): Response {
  const inm = c.req.header('if-none-match')
  if (inm !== undefined && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === ETAG)) {
    return new Response(null, {
      status: 304,
      headers: { ETag: ETAG, 'Cache-Control': HEADERS['Cache-Control'] },
    })
  }
  return new Response(c.req.method === 'HEAD' ? null : BROWSER_HELPER_SCRIPT, {
    status: 200,
    headers: HEADERS,
  })
}
