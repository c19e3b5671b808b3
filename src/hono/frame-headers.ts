import type { MiddlewareHandler } from 'hono'

/** The `Content-Security-Policy` value that lets only `ancestors` frame a page. */
export function frameAncestorsPolicy(ancestors: readonly string[]): string {
  return `frame-ancestors ${ancestors.join(' ')}`
}

/**
 * Middleware: lets onOffice (and only the configured origins) frame the response, via CSP `frame-ancestors`.
 * Removes any `X-Frame-Options`, which would block the onOffice iframe (protocol §4.11). An existing
 * `Content-Security-Policy` without `frame-ancestors` is extended, one with it is left alone.
 */
export function frameHeadersMiddleware(ancestors: readonly string[]): MiddlewareHandler {
  const policy = frameAncestorsPolicy(ancestors)
  return async function onOfficeFrameHeaders(c, next) {
    await next()
    c.res.headers.delete('X-Frame-Options')
    const csp = c.res.headers.get('Content-Security-Policy')
    if (!csp) c.res.headers.set('Content-Security-Policy', policy)
    else if (!/(^|;)\s*frame-ancestors\s/i.test(csp))
      c.res.headers.set('Content-Security-Policy', `${csp.replace(/;\s*$/, '')}; ${policy}`)
  }
}
