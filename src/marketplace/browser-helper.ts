/**
 * The browser half of orders and service messages (reference §4.5, §4.7): the provider's iframe posts what
 * the server signed to `window.parent` (onOffice). A tiny dependency-free script, served by the Hono layer as
 * `GET <routes base>/onoffice.js` and exported here for pages that inline it. It only forwards objects the
 * server signed: the provider secret never reaches the browser.
 */

import { BROWSER_HELPER_SOURCE as HELPER_SOURCE } from './browser-helper.client.gen.ts'

/**
 * Source of the browser helper (ES5, no dependencies, ~1 KB). It defines
 * `window.onOffice.postOrder(signedOrder, parentOrigin?)` and
 * `window.onOffice.postServiceMessage(signedMessage, parentOrigin?)`. Each takes the signed object (or its
 * JSON string) as the server returned it, checks its shape (throws a `TypeError` naming what is missing),
 * and posts `JSON.stringify(message)` to `window.parent`; it returns `false` (with a console warning) when
 * the page is not inside a frame.
 *
 * `targetOrigin` defaults to `'*'`, as onOffice's own samples post: the parent's origin differs between
 * onOffice's hosts (smart.onoffice.de, …) and is not passed to the iframe, and nothing secret is posted —
 * the message is signed and only valid for this launch's `parametercacheid`. Pass `parentOrigin` (e.g.
 * `'https://smart.onoffice.de'`) to pin it when you know it.
 *
 * @example
 * ```ts
 * // inline instead of <script src="/onoffice/onoffice.js">:
 * c.html(`<script>${BROWSER_HELPER_SCRIPT}</script>
 *   <script>fetch('/api/order', { method: 'POST' }).then((r) => r.json()).then((o) => onOffice.postOrder(o))</script>`)
 * ```
 */
export const BROWSER_HELPER_SCRIPT: string = HELPER_SOURCE

/** The path the Hono layer serves {@link BROWSER_HELPER_SCRIPT} at, relative to where `routes()` is mounted. */
export const BROWSER_HELPER_PATH = '/onoffice.js'
