import type { FakeOnOffice } from '../fake/index.ts'
import { TEST_CUSTOMER } from '../sign-launch-url.ts'

/** The enterprise customer and user the simulator plays. */
export interface SimulatorCustomer {
  /** Default `'12345'` (the fake's demo customer, owner of the seeded estates). */
  customerWebId: string
  /** Default `'Muster Immobilien GmbH & Co. KG'`. */
  customerName: string
  /** The enterprise user (an admin for the activation). Default `'17'` (a seeded user with a photo). */
  userId: string
  /** `UserLanguage` sent with every service launch. Default `'DEU'`. */
  userLanguage?: string
  /** `groupId` sent with every service launch when set ("if the user is in a group"). */
  groupId?: string
}

/** Options of {@link createSimulator}. */
export interface SimulatorOptions {
  /**
   * The provider's public base URL where `routes()` is mounted, e.g. `'http://127.0.0.1:8788/onoffice'`.
   * The activation URL is `provider + '/activate'`.
   */
  provider: string
  /** The registered service URL. Default `provider + '/service'`. May carry your own (signed) query parameters. */
  serviceUrl?: string
  /**
   * The registered webhook URL "Webhook auslösen" calls (a signed GET, reference §4.9). Default
   * `provider + '/webhook'`. May carry your own (signed) query parameters.
   */
  webhookUrl?: string
  /**
   * How the simulator's server reaches your service (webhooks), e.g. `(req) => app.fetch(req)` in tests.
   * Default the global `fetch`.
   */
  fetch?: (request: Request) => Response | Promise<Response>
  /** The provider secret: signs activation, launch and callback URLs; verifies orders and service messages. Never sent to the browser. */
  providerSecret: string
  /** The fake onOffice API the simulator registers activations, claims and transactions with (and serves). */
  fake: FakeOnOffice
  /** Who is logged in to "enterprise". Missing fields fall back to the demo customer. */
  customer?: Partial<SimulatorCustomer>
  /** Ids of the fake's estates listed on the page. Default: the first five (ids 1 and 2 are multilingual DEU + ENG). */
  estates?: readonly number[]
  /** The service's name on the Marketplace card, e.g. `'Exposé-Assistent'`. Default `'Ihr Service'`. */
  serviceName?: string
  /** Clock in milliseconds (timestamps of signed URLs, verification of orders). Default `Date.now`. */
  now?: () => number
}

/** Options after validation. */
export interface ResolvedSimulatorOptions {
  provider: string
  activationUrl: string
  serviceUrl: string
  webhookUrl: string
  fetch: (request: Request) => Response | Promise<Response>
  providerSecret: string
  fake: FakeOnOffice
  customer: Required<Omit<SimulatorCustomer, 'groupId'>> & { groupId?: string }
  estates: readonly number[]
  serviceName: string
  now: () => number
}

export const DEFAULT_CUSTOMER: Required<Omit<SimulatorCustomer, 'groupId'>> = {
  ...TEST_CUSTOMER,
  userLanguage: 'DEU',
}

function fail(option: string, why: string): never {
  throw new TypeError(`createSimulator: option \`${option}\` ${why}`)
}

function httpUrl(option: string, value: unknown, allowQuery: boolean): string {
  if (typeof value !== 'string' || value === '')
    fail(option, "is required: an absolute http(s) URL such as 'http://127.0.0.1:8788/onoffice'")
  let url: URL
  try {
    url = new URL(value)
  } catch {
    fail(option, "must be an absolute http(s) URL such as 'http://127.0.0.1:8788/onoffice'")
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(option, 'must be an http(s) URL')
  if (url.hash !== '') fail(option, 'must not contain a fragment')
  if (!allowQuery && url.search !== '')
    fail(
      option,
      'must not contain a query: it is the base `/activate`, `/service` and `/webhook` are appended to',
    )
  if (url.username !== '' || url.password !== '') fail(option, 'must not contain credentials')
  return allowQuery ? url.toString() : `${url.origin}${url.pathname}`.replace(/\/+$/, '')
}

function idText(option: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback
  if (typeof value !== 'string' || value.trim() === '') fail(option, 'must be a non-empty string')
  return value
}

/** Validates {@link SimulatorOptions}; throws a `TypeError` naming the option (never a value). */
export function resolveOptions(options: SimulatorOptions): ResolvedSimulatorOptions {
  if (options === null || typeof options !== 'object')
    fail('options', 'must be an object { provider, providerSecret, fake }')
  const provider = httpUrl('provider', options.provider, false)
  const serviceUrl =
    options.serviceUrl === undefined
      ? `${provider}/service`
      : httpUrl('serviceUrl', options.serviceUrl, true)
  const webhookUrl =
    options.webhookUrl === undefined
      ? `${provider}/webhook`
      : httpUrl('webhookUrl', options.webhookUrl, true)
  const deliver = options.fetch ?? ((request: Request) => fetch(request))
  if (typeof deliver !== 'function')
    fail('fetch', 'must be a function (request) => Promise<Response>, like fetch')
  if (typeof options.providerSecret !== 'string' || options.providerSecret === '') {
    fail(
      'providerSecret',
      'is required: the provider secret your app verifies onOffice URLs with (a non-empty string)',
    )
  }
  const fake = options.fake
  if (
    fake === null ||
    typeof fake !== 'object' ||
    typeof fake.startActivation !== 'function' ||
    typeof fake.issueClaim !== 'function' ||
    !fake.app
  ) {
    fail('fake', 'must be a fake onOffice from createFakeOnOffice()')
  }
  const now = options.now ?? Date.now
  if (typeof now !== 'function')
    fail('now', 'must be a function returning milliseconds, like Date.now')

  const c = options.customer ?? {}
  if (c === null || typeof c !== 'object')
    fail('customer', 'must be an object { customerWebId, customerName, userId }')
  const customer: ResolvedSimulatorOptions['customer'] = {
    customerWebId: idText(
      'customer.customerWebId',
      c.customerWebId,
      DEFAULT_CUSTOMER.customerWebId,
    ),
    customerName: idText('customer.customerName', c.customerName, DEFAULT_CUSTOMER.customerName),
    userId: idText('customer.userId', c.userId, DEFAULT_CUSTOMER.userId),
    userLanguage: idText('customer.userLanguage', c.userLanguage, DEFAULT_CUSTOMER.userLanguage),
  }
  if (c.groupId !== undefined) customer.groupId = idText('customer.groupId', c.groupId, '')

  let estates: readonly number[]
  if (options.estates === undefined) {
    estates = [...fake.estates.keys()].sort((a, b) => a - b).slice(0, 5)
  } else {
    if (!Array.isArray(options.estates))
      fail('estates', 'must be a list of estate ids of the fake, e.g. [1, 2, 3]')
    for (const id of options.estates) {
      if (!Number.isInteger(id) || !fake.estates.has(id))
        fail('estates', `lists ${JSON.stringify(id)}, which is not an estate of the fake`)
    }
    estates = Object.freeze([...options.estates])
  }
  const serviceName = idText('serviceName', options.serviceName, 'Ihr Service')
  return {
    provider,
    activationUrl: `${provider}/activate`,
    serviceUrl,
    webhookUrl,
    fetch: deliver,
    providerSecret: options.providerSecret,
    fake,
    customer,
    estates,
    serviceName,
    now,
  }
}
