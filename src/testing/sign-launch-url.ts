import { clock, configError, httpUrl, nonEmptyString } from '../core/check.ts'
import { signUrl } from '../marketplace/index.ts'
import { DEMO_CUSTOMER } from './fake/seed.ts'
import type { FakeOnOffice } from './fake/types.ts'

/** Options of {@link signLaunchUrl}. */
export interface SignLaunchUrlOptions {
  /** Your public origin, as configured in `onOffice({ publicUrl })`, e.g. `https://provider.example`. */
  publicUrl: string
  /** Path of the route, e.g. `/onoffice/activate` or `/service`. */
  path: string
  /** The provider secret onOffice signs with. */
  secret: string
  /** Query parameters as onOffice sends them (`customerWebId`, `userId`, `apiClaim`, `estateId`, …). `undefined` values are skipped. */
  params: Record<string, string | number | undefined>
  /** Clock in milliseconds for `timestamp` (unless `params.timestamp` is given). Default `Date.now`. */
  now?: () => number
}

/**
 * Builds a signed onOffice URL — activation, service launch or webhook — exactly as onOffice would send it, for
 * tests of your routes (`app.request(await signLaunchUrl(...))`). {@link launchUrl}
 * and `activate()` sign through it.
 * @throws OnOfficeConfigError (`ERR_ONOFFICE_CONFIG`) naming the option that is missing or invalid.
 * @example
 * ```ts
 * const url = await signLaunchUrl({
 *   publicUrl: 'https://provider.example', path: '/service', secret: PROVIDER_SECRET,
 *   params: { customerWebId: '21', userId: '17', customerName: 'Muster GmbH', apiClaim: fake.issueClaim('21', '17'), estateId: 1, language: 'ENG' },
 * })
 * const res = await app.request(url)
 * ```
 */
export async function signLaunchUrl(options: SignLaunchUrlOptions): Promise<string> {
  const where = 'signLaunchUrl'
  if (options === null || typeof options !== 'object')
    configError(where, 'options', 'must be an object')
  httpUrl(
    where,
    'options.publicUrl',
    options.publicUrl,
    'your public origin (onOffice({ publicUrl }))',
  )
  nonEmptyString(where, 'options.path', options.path, 'the path of the route')
  nonEmptyString(where, 'options.secret', options.secret, 'the provider secret onOffice signs with')
  if (options.params === null || typeof options.params !== 'object')
    configError(where, 'options.params', 'must be an object of query parameters')
  const now = clock(where, 'options.now', options.now)
  const base = options.publicUrl.replace(/\/+$/, '')
  const path = options.path.startsWith('/') ? options.path : `/${options.path}`
  const url = new URL(`${base}${path}`)
  for (const [key, value] of Object.entries(options.params)) {
    if (value !== undefined) url.searchParams.set(key, String(value))
  }
  return signUrl(url, options.secret, { now })
}

/**
 * The parameters onOffice puts into the activation URL it opens in the iframe (reference §4.3), besides
 * `timestamp` and `signature`: the pending API user's token, the activation claim and the customer.
 * @internal The one list the test helpers and the simulator sign.
 */
export function activationParams(
  act: { apiClaim: string; apiToken: string; parameterCacheId: string },
  customer: { customerWebId: string; customerName: string; userId: string },
): Record<string, string> {
  return {
    apiClaim: act.apiClaim,
    apiToken: act.apiToken,
    customerName: customer.customerName,
    customerWebId: customer.customerWebId,
    parameterCacheId: act.parameterCacheId,
    userId: customer.userId,
  }
}

/** The customer {@link launchUrl} and `activate()` use unless told otherwise (the fake's demo customer). */
export const TEST_CUSTOMER = {
  customerWebId: DEMO_CUSTOMER,
  customerName: 'Muster Immobilien GmbH & Co. KG',
  userId: '17',
} as const

/** Options of {@link launchUrl}. */
export interface LaunchUrlOptions {
  /** Your public origin, as configured in `onOffice({ publicUrl })`. Required. */
  publicUrl: string
  /** The provider secret onOffice signs with. Required. */
  secret: string
  /** Path of the service route. Default `'/service'`. */
  path?: string
  /** Default `'12345'` (the fake's demo customer). */
  customerWebId?: string
  /** Default `'17'`. */
  userId?: string
  /** Default `'Muster Immobilien GmbH & Co. KG'`. */
  customerName?: string
  /** The claim of this launch. Default a fresh service claim of the fake (`fake.issueClaim(customerWebId, userId)`). */
  apiClaim?: string
  /** Default a fresh UUID, as onOffice sends one per launch; `undefined` in `params` leaves it out. */
  parameterCacheId?: string
  /**
   * Further query parameters onOffice sends with a launch: `estateId`, `language`, `UserLanguage`, `groupId`, …
   * They win over the ones above; an `undefined` value leaves a parameter out. Default none.
   */
  params?: Record<string, string | number | undefined>
  /** Clock in milliseconds for `timestamp`. Default `Date.now`. */
  now?: () => number
}

/**
 * A signed service URL for a customer, as onOffice opens it in the iframe when a user clicks "Service öffnen":
 * `customerWebId, userId, customerName, apiClaim, parameterCacheId, …params, timestamp, signature`, with a fresh
 * claim of the fake unless `apiClaim` is given.
 * @param fake - the fake onOffice your app's `endpoint`/`fetch` point at (it issues the claim).
 * @throws OnOfficeConfigError (`ERR_ONOFFICE_CONFIG`) naming the option that is missing or invalid.
 * @example
 * ```ts
 * const url = await launchUrl(fake, {
 *   publicUrl: 'https://provider.example',
 *   secret: PROVIDER_SECRET,
 *   path: '/service/estate',
 *   params: { estateId: 1, language: 'ENG' },
 * })
 * const res = await app.request(url)
 * ```
 */
export async function launchUrl(
  fake: Pick<FakeOnOffice, 'issueClaim'>,
  options: LaunchUrlOptions,
): Promise<string> {
  const where = 'launchUrl'
  if (options === null || typeof options !== 'object')
    configError(where, 'options', 'must be an object')
  const customerWebId = optionalString(where, 'customerWebId', options.customerWebId)
  const userId = optionalString(where, 'userId', options.userId)
  const customerName = options.customerName ?? TEST_CUSTOMER.customerName
  if (typeof customerName !== 'string')
    configError(where, 'options.customerName', 'must be a string')
  let apiClaim = options.apiClaim
  if (apiClaim === undefined) {
    if (fake === null || typeof fake !== 'object' || typeof fake.issueClaim !== 'function')
      configError(where, 'fake', 'must be the fake onOffice (createFakeOnOffice())')
    apiClaim = fake.issueClaim(customerWebId, userId)
  } else nonEmptyString(where, 'options.apiClaim', apiClaim, 'the claim of this launch')
  if (
    options.params !== undefined &&
    (options.params === null || typeof options.params !== 'object')
  )
    configError(where, 'options.params', 'must be an object of query parameters')
  return signLaunchUrl({
    publicUrl: options.publicUrl,
    path: options.path ?? '/service',
    secret: options.secret,
    params: {
      customerWebId,
      userId,
      customerName,
      apiClaim,
      parameterCacheId:
        options.parameterCacheId === undefined
          ? crypto.randomUUID()
          : nonEmptyString(where, 'options.parameterCacheId', options.parameterCacheId, 'an id'),
      ...options.params,
    },
    ...(options.now !== undefined ? { now: options.now } : {}),
  })
}

/** `customerWebId` / `userId`: a non-empty string, or the {@link TEST_CUSTOMER} default. */
export function optionalString(
  where: string,
  name: 'customerWebId' | 'userId',
  value: unknown,
): string {
  if (value === undefined) return TEST_CUSTOMER[name]
  return nonEmptyString(where, `options.${name}`, value, `the ${name} onOffice sends`)
}
