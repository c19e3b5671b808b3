/**
 * The activation of an `onOffice()` app as onOffice and the customer's admin drive it, for the provider's own
 * tests: the fake creates the pending API user, onOffice opens the signed activation URL in the iframe, the
 * admin pastes the API key into the page, the page posts it, the app unlocks itself at the fake.
 */
import { configError, httpUrl, nonEmptyString } from '../core/check.ts'
import type { OnOfficeErrorCode } from '../core/errors.ts'
import type { FakeOnOffice } from './fake/types.ts'
import {
  activationParams,
  optionalString,
  signLaunchUrl,
  TEST_CUSTOMER,
} from './sign-launch-url.ts'

/**
 * What `activate()` sends requests to: a Hono app (`app.fetch`) or anything with
 * `fetch(request, env?)` — a Worker's default export, `{ fetch: (req) => myHandler(req) }`.
 */
export interface FetchApp {
  fetch(request: Request, env?: unknown): Response | Promise<Response>
}

/**
 * An app reached by URL and init, like Hono's `app.request(url, init, env)` or miniflare's `dispatchFetch(url, init)`
 * wrapped as `{ request: (url, init) => mf.dispatchFetch(url, init) }`. Used when the app has no `fetch`.
 */
export interface RequestApp {
  request(url: string, init: RequestInit, env?: unknown): Response | Promise<Response>
}

/** The step of {@link activate} that failed (`OnOfficeActivationTestError.step`). */
export type ActivationTestStep = 'page' | 'post' | 'unlock'

/**
 * {@link activate} did not end with an activated customer: the page did not render (`step: 'page'`), the POST
 * did not answer `active` (`'post'`) or the fake saw no successful `unlockProvider` (`'unlock'`). `status` and
 * `body` (its first 300 characters) are the app's answer, for the test's failure message.
 * @example
 * ```ts
 * await expect(activate(app, fake, opts)).rejects.toMatchObject({ code: 'ERR_ONOFFICE_TEST_ACTIVATION', step: 'post' })
 * ```
 */
export class OnOfficeActivationTestError extends Error {
  override readonly name = 'OnOfficeActivationTestError'
  readonly code: Extract<OnOfficeErrorCode, 'ERR_ONOFFICE_TEST_ACTIVATION'> =
    'ERR_ONOFFICE_TEST_ACTIVATION'
  readonly step: ActivationTestStep
  /** HTTP status of the app's answer, `null` for `'unlock'`. */
  readonly status: number | null
  readonly body: string

  constructor(step: ActivationTestStep, status: number | null, body: string) {
    const excerpt = body.slice(0, 300)
    super(
      step === 'unlock'
        ? 'activate: the app answered `active` but the fake onOffice saw no successful unlockProvider'
        : `activate: the ${step === 'page' ? 'activation page' : 'activation POST'} answered ${status} ${JSON.stringify(excerpt)}`,
    )
    this.step = step
    this.status = status
    this.body = excerpt
  }
}

/** Options of {@link activationUrl}. */
export interface ActivationUrlOptions {
  /** Your public origin, as configured in `onOffice({ publicUrl })`. Required. */
  publicUrl: string
  /** The provider secret onOffice signs with. Required. */
  secret: string
  /** Default `'12345'` (the fake's demo customer). */
  customerWebId?: string
  /** Default `'Muster Immobilien GmbH & Co. KG'`. */
  customerName?: string
  /** The admin who activates. Default `'17'`. */
  userId?: string
  /** Where `routes()` is mounted; the activation page is `<mount>/activate`. Default `'/onoffice'`. */
  mount?: string
  /** Clock in milliseconds for the URL's `timestamp`. Default `Date.now`. */
  now?: () => number
}

/** What {@link activationUrl} returns: the URL and what onOffice handed out for it. */
export interface ActivationUrlResult {
  /** The signed activation URL onOffice opens in the iframe. */
  url: string
  customerWebId: string
  customerName: string
  userId: string
  /** The new (pending) API user's token, as the URL carries it. */
  apiToken: string
  /** The API user's secret: the API key onOffice shows the admin. */
  apiKey: string
  parameterCacheId: string
  /** The activation claim (valid only for `unlockProvider`). */
  apiClaim: string
}

/**
 * The customer's admin clicks "Aktivieren": the fake creates the pending API user of the customer (a previous
 * one is revoked) and this signs the activation URL onOffice opens in the iframe. Use it to test the activation
 * page itself; {@link activate} runs the whole activation.
 * @throws OnOfficeConfigError (`ERR_ONOFFICE_CONFIG`) naming the option that is missing or invalid.
 * @example
 * ```ts
 * const start = await activationUrl(fake, { publicUrl: 'https://provider.example', secret: PROVIDER_SECRET })
 * const page = await app.request(start.url)
 * ```
 */
export async function activationUrl(
  fake: Pick<FakeOnOffice, 'startActivation'>,
  options: ActivationUrlOptions,
): Promise<ActivationUrlResult> {
  const where = 'activationUrl'
  if (options === null || typeof options !== 'object')
    configError(where, 'options', 'must be an object')
  if (fake === null || typeof fake !== 'object' || typeof fake.startActivation !== 'function')
    configError(where, 'fake', 'must be the fake onOffice (createFakeOnOffice())')
  const customerWebId = optionalString(where, 'customerWebId', options.customerWebId)
  const userId = optionalString(where, 'userId', options.userId)
  const customerName = options.customerName ?? TEST_CUSTOMER.customerName
  if (typeof customerName !== 'string')
    configError(where, 'options.customerName', 'must be a string')
  const mount = mountOf(where, options.mount)
  const act = await fake.startActivation({ customerWebId, customerName, userId })
  const url = await signLaunchUrl({
    publicUrl: options.publicUrl,
    path: `${mount}/activate`,
    secret: options.secret,
    params: activationParams(act, { customerWebId, customerName, userId }),
    ...(options.now !== undefined ? { now: options.now } : {}),
  })
  return { url, customerWebId, customerName, userId, ...act }
}

/** Options of {@link activate}: those of {@link activationUrl}, plus what the admin and the browser do. */
export interface ActivateOptions extends ActivationUrlOptions {
  /** What the admin pastes into the page. Default the fake's API key (`apiKey` of the result). */
  apiKey?: string
  /** Second argument of `app.fetch` (Workers bindings, Hono's `c.env`). Default none. */
  env?: unknown
}

/**
 * Options of {@link activate} for an activation URL signed elsewhere (the simulator's `POST /sim/activate`, a
 * URL from {@link activationUrl} you changed): the URL and the API key onOffice showed with it.
 */
export interface ActivateFromUrlOptions {
  /** The signed activation URL. */
  url: string
  /** The API key that belongs to it. */
  apiKey: string
  /** Second argument of `app.fetch`. Default none. */
  env?: unknown
}

/** What {@link activate} returns: the activation, what the app answered and what the fake saw. */
export interface Activation extends ActivationUrlResult {
  /** The activation token the page carried (hidden input `activation`). */
  activationToken: string
  /** The app's answer to the POST: `200` and the text `active`. */
  answer: { status: number; text: string }
  /** The fake onOffice's view after the activation. */
  fake: {
    /** `fake.isActivated(customerWebId)`: always `true` here (else {@link activate} throws). */
    activated: boolean
    /** The `isRegularCustomer` flag the app sent with `unlockProvider` (its `isRegularCustomer` option). */
    isRegularCustomer: boolean
  }
}

/**
 * Runs the whole activation of an `onOffice()` app against the fake onOffice, as onOffice and the admin do:
 * {@link activationUrl} → `GET` of the activation page (as an iframe document) → the page's `POST` of the
 * activation token and the API key (JSON, to the form's action) → the app's `unlockProvider` at the fake →
 * `200 active`. Afterwards the app has the sealed installation, and {@link launchUrl} launches it.
 * @param app - a Hono app or anything with `fetch(request, env?)` ({@link FetchApp}) or `request(url, init)`
 *   ({@link RequestApp}).
 * @param fake - the fake onOffice the app's `endpoint`/`fetch` point at.
 * @param options - {@link ActivateOptions} (the fake starts the activation), or {@link ActivateFromUrlOptions} for a
 *   URL signed elsewhere (`{ url, apiKey }` from the simulator's `POST /sim/activate`).
 * @throws OnOfficeConfigError (`ERR_ONOFFICE_CONFIG`) naming the option that is missing or invalid;
 *   {@link OnOfficeActivationTestError} (`ERR_ONOFFICE_TEST_ACTIVATION`, with `step`) when the app refuses.
 * @example
 * ```ts
 * const fake = createFakeOnOffice()
 * const app = new Hono().route('/onoffice', onOffice({ endpoint: fake.endpoint, fetch: fake.fetch, … }).routes())
 * const { customerWebId, apiToken } = await activate(app, fake, {
 *   publicUrl: 'https://provider.example',
 *   secret: PROVIDER_SECRET,
 * })
 * ```
 */
export async function activate(
  app: FetchApp | RequestApp,
  fake: Pick<FakeOnOffice, 'startActivation' | 'isActivated' | 'receivedActions'>,
  options: ActivateOptions | ActivateFromUrlOptions,
): Promise<Activation> {
  const where = 'activate'
  const target = fetchOf(app)
  if (target === null)
    configError(
      where,
      'app',
      'must be a Hono app or an object with fetch(request) or request(url, init)',
    )
  if (
    fake === null ||
    typeof fake !== 'object' ||
    typeof fake.isActivated !== 'function' ||
    typeof fake.receivedActions !== 'function'
  )
    configError(where, 'fake', 'must be the fake onOffice (createFakeOnOffice())')
  if (options === null || typeof options !== 'object')
    configError(where, 'options', 'must be an object')
  if (options.apiKey !== undefined)
    nonEmptyString(where, 'options.apiKey', options.apiKey, 'what the admin pastes')
  const start = 'url' in options ? startOf(where, options) : await activationUrl(fake, options)
  const send = async (request: Request) => {
    const res = await target(request, options.env)
    return { status: res.status, text: await res.text() }
  }

  const page = await send(
    new Request(start.url, { headers: { accept: 'text/html', 'sec-fetch-dest': 'iframe' } }),
  )
  const activationToken = page.status === 200 ? activationTokenOf(page.text) : null
  const action = page.status === 200 ? formActionOf(page.text) : null
  if (activationToken === null || action === null)
    throw new OnOfficeActivationTestError('page', page.status, page.text)

  // What the page's script sends (src/hono/pages/activation.client.js), to the form's action.
  const answer = await send(
    new Request(new URL(action, start.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'sec-fetch-dest': 'empty',
      },
      body: JSON.stringify({ activation: activationToken, apiKey: options.apiKey ?? start.apiKey }),
    }),
  )
  if (answer.status !== 200 || answer.text !== 'active')
    throw new OnOfficeActivationTestError('post', answer.status, answer.text)
  if (!fake.isActivated(start.customerWebId))
    throw new OnOfficeActivationTestError('unlock', null, '')
  const unlock = fake
    .receivedActions({ kind: 'do', resourcetype: 'unlockProvider' })
    .filter((a) => a.status?.errorcode === 0 && a.claimOwner?.customerWebId === start.customerWebId)
    .at(-1)
  const flag = unlock?.parameters.isRegularCustomer
  return {
    ...start,
    activationToken,
    answer,
    fake: { activated: true, isRegularCustomer: flag === true || flag === 1 || flag === '1' },
  }
}

/** What a signed activation URL carries (missing parameters are empty: the app refuses such a page). */
function startOf(where: string, options: ActivateFromUrlOptions): ActivationUrlResult {
  const q = httpUrl(where, 'options.url', options.url, 'the signed activation URL').searchParams
  const apiKey = nonEmptyString(
    where,
    'options.apiKey',
    options.apiKey,
    'the key of this activation',
  )
  const param = (name: string) => q.get(name) ?? ''
  return {
    url: options.url,
    customerWebId: param('customerWebId'),
    customerName: param('customerName'),
    userId: param('userId'),
    apiToken: param('apiToken'),
    apiKey,
    parameterCacheId: param('parameterCacheId'),
    apiClaim: param('apiClaim'),
  }
}

/**
 * The activation token of the kit's activation page (its hidden input `activation`), `null` if there is none.
 * @example
 * ```ts
 * const token = activationTokenOf(await (await app.request(start.url)).text())
 * ```
 */
export function activationTokenOf(html: string): string | null {
  return unescapeAttribute(
    /<input type="hidden" name="activation" value="([^"]+)">/.exec(html)?.[1] ?? null,
  )
}

function formActionOf(html: string): string | null {
  return unescapeAttribute(
    /<form id="oo-activate" [^>]*?\baction="([^"]*)"/.exec(html)?.[1] ?? null,
  )
}

// The page escapes attributes with escapeHtml (src/hono/pages/escape.ts): & < > " ' as entities.
function unescapeAttribute(value: string | null): string | null {
  if (value === null) return null
  return value.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : "'",
  )
}

/** How to send a Request to `app`: its `fetch`, else its `request` with the Request as URL + init. */
function fetchOf(app: unknown): ((request: Request, env: unknown) => Promise<Response>) | null {
  if (app === null || (typeof app !== 'object' && typeof app !== 'function')) return null
  const { fetch, request } = app as Partial<FetchApp & RequestApp>
  if (typeof fetch === 'function') return async (req, env) => fetch.call(app, req, env)
  if (typeof request !== 'function') return null
  return async (req, env) =>
    request.call(
      app,
      req.url,
      {
        method: req.method,
        headers: [...req.headers],
        ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body: await req.text() }),
      },
      env,
    )
}

function mountOf(where: string, value: unknown): string {
  if (value === undefined) return '/onoffice'
  if (typeof value !== 'string' || (value !== '' && !value.startsWith('/')))
    configError(
      where,
      'options.mount',
      "must be a path starting with '/' (where routes() is mounted)",
    )
  return value.replace(/\/+$/, '')
}
