import type { Env } from 'hono'
import type { OnOfficeApi, OnOfficeClient } from '../api/index.ts'
import type {
  NoWebhookParams,
  PaymentResult,
  WebhookCustomParams,
  WebhookParamSchema,
  WebhookRecord,
} from '../marketplace/index.ts'
import type { Installation } from '../store/index.ts'
import type { BoundEstate } from './estate.ts'
import type { LaunchImages } from './files.ts'

/** The installation as `c.var.onoffice` exposes it: every field except the sealed `apiToken` and `apiSecret`. */
export type PublicInstallation = Omit<Installation, 'apiToken' | 'apiSecret'>

/** The identity of a verified onOffice call and its installation: the part of {@link OnOfficeCallFields} without the client. */
export interface OnOfficeCallIdentity {
  /** onOffice customer id; the installation was looked up by this verified value only. */
  customerWebId: string
  userId: string
  customerName: string
  /** `groupId` when the user is in a group, else `null`. */
  groupId: string | null
  /** `language` macro parameter (e.g. `ENG`): the language of a multilingual property; `null` = main language. */
  language: string | null
  /** `UserLanguage` macro parameter: the user's UI language (e.g. `DEU`), or `null`. */
  userLanguage: string | null
  /** `parameterCacheId` of the call (needed for orders), or `null`. */
  parameterCacheId: string | null
  /** All verified query parameters except `signature`, `timestamp` and `apiClaim` (your macro parameters included). */
  params: Readonly<Record<string, string>>
  installation: PublicInstallation
}

/** What `c.var.onoffice` has when the kit's clients have resources (`onOffice({ client: createClient })`). */
export interface OnOfficeResourceFields {
  /** The launched property (`estateId` parameter) in the launched `language`, or `null` when none was passed. */
  estate: BoundEstate | null
  /**
   * The pictures the user selected on the property's "Files" tab (`imageIds`), parsed, with helpers that read them;
   * `null` when the call has no `estateId`.
   */
  images: LaunchImages | null
}

/**
 * What every verified onOffice call (`launch()`, `session()`, `webhook()`) puts on `c.var.onoffice`: the
 * call's identity, the installation and a claim-bound client `C` — the API without resources (`createApi`, the
 * default) or `OnOfficeClient` (`onOffice({ client: createClient })`), which adds `estate` and `images`. One
 * plain object per request, so `{ ...c.var.onoffice }` keeps every field.
 */
export type OnOfficeCallFields<C extends OnOfficeApi = OnOfficeApi> = OnOfficeCallIdentity & {
  /** onOffice client of this customer, sending the call's `apiClaim` as `extendedclaim` on every action. */
  client: C
} & (C extends OnOfficeClient ? OnOfficeResourceFields : {})

/** The fields `launch()` adds to the call: a session token for the iframe's own requests. */
export interface OnOfficeLaunchFields {
  readonly kind: 'launch'
  /** Encrypted session token (`sessionTtlSec`, default 15 min): send it as `Authorization: Bearer <token>`. */
  sessionToken: string
  /** Unix seconds when `sessionToken` expires. */
  sessionExpiresAt: number
}

/** `c.var.onoffice` behind `launch()`: the call, and a session token for the iframe's own requests. */
export type OnOfficeLaunchContext<C extends OnOfficeApi = OnOfficeApi> = OnOfficeCallFields<C> &
  OnOfficeLaunchFields

/** The fields `session()` adds to the call: the bearer token of this request. */
export interface OnOfficeSessionFields {
  readonly kind: 'session'
  /** The bearer token of this request. */
  sessionToken: string
  /** Unix seconds when `sessionToken` expires. */
  sessionExpiresAt: number
}

/** `c.var.onoffice` behind `session()`: the same call as the launch the token was minted for. */
export type OnOfficeSessionContext<C extends OnOfficeApi = OnOfficeApi> = OnOfficeCallFields<C> &
  OnOfficeSessionFields

/** The fields `webhook()` adds to the call: the record and your declared parameters (`S` is their schema). */
export interface OnOfficeWebhookFields<S extends WebhookParamSchema = NoWebhookParams> {
  readonly kind: 'webhook'
  /**
   * The record onOffice created or changed, a union by `module` (`estate` | `address` | `task` | `calendar`): the
   * first of `webhook({ modules })` whose id parameter (`estateId`, `addressId`, … or `recordParams`) is present;
   * `null` when none is.
   */
  record: WebhookRecord | null
  /** Your declared parameters (`webhook({ params })`), typed; `null` when absent or empty. Raw strings stay in `params`. */
  custom: WebhookCustomParams<S>
}

/**
 * `c.var.onoffice` behind `webhook()`: the call without a session (nobody holds one), the record the delivery is
 * about and your declared parameters typed (`webhook({ params })`; `S` is that schema).
 */
export type OnOfficeWebhookContext<
  S extends WebhookParamSchema = NoWebhookParams,
  C extends OnOfficeApi = OnOfficeApi,
> = OnOfficeCallFields<C> & OnOfficeWebhookFields<S>

/** `c.var.onoffice` behind `callback()`: the verified payment result. */
export interface OnOfficeCallbackContext<C extends OnOfficeApi = OnOfficeApi> {
  readonly kind: 'callback'
  /**
   * `status`: `success`; `inprocess` = SEPA direct debit pending (the order is placed, the money not yet
   * collected — do not treat it as failed, and do not refund it yet: onOffice refuses with 210);
   * `error` (see `message`, `errorCodes`).
   *
   * `repeated` is `true` when a handler already processed this `transactionid` (or `aboid`) **with this
   * status** successfully (answered below 400) — a reloaded callback page: do not process it again. A handler
   * that throws or answers 4xx/5xx leaves it unprocessed, so the next delivery gets `repeated: false` again.
   * A new status for the same transaction (`inprocess`, then `success`) is a new event with `repeated: false`.
   */
  payment: PaymentResult & { repeated: boolean }
  /** Verified callback parameters except `signature`, `timestamp`, `apiClaim` (your own `callbackurl` params included). */
  params: Readonly<Record<string, string>>
  /**
   * The installation of the paying customer — the one `order()` bound the callback URL to (`ooref`, inside
   * onOffice's signature) — without its secrets; `null` for a callback of an order not signed by `order()`, or
   * when none is stored (or the store failed: logged).
   */
  installation: PublicInstallation | null
  /**
   * A client of that customer without a claim (a callback carries none), built like every client of the kit
   * (`endpoint`, `fetch`, limits, breaker, tracer), e.g. for `client.marketplace.invoiceRecipient(…)` with
   * `onOffice({ client: createClient })`; `null` unless the installation is active.
   */
  client: C | null
}

/**
 * `c.var.onoffice`: what the route's middleware verified, told apart by `kind`. Behind `launch()`,
 * `session()`, `webhook()` or `callback()` the route's type is that one kind; elsewhere narrow by `kind`. `C` is
 * the kit's client ({@link OnOfficeCallFields}).
 */
export type OnOfficeContext<C extends OnOfficeApi = OnOfficeApi> =
  | OnOfficeLaunchContext<C>
  | OnOfficeSessionContext<C>
  | OnOfficeWebhookContext<NoWebhookParams, C>
  | OnOfficeCallbackContext<C>

type VariablesOf<E extends Env> = E extends { Variables: infer V extends object } ? V : {}

/**
 * `E` with `c.var.onoffice` set to `C` (your `Bindings` and other `Variables` kept). A conditional rather than
 * `Omit<E, 'Variables'> & …`: for a generic `E` that `Omit` does not satisfy Hono's `Env` under
 * `exactOptionalPropertyTypes` (TS2344), while both branches here do.
 */
type WithOnOffice<E extends Env, C> = E extends { Bindings: infer B extends object }
  ? { Bindings: B; Variables: VariablesOf<E> & { onoffice: C } }
  : { Variables: VariablesOf<E> & { onoffice: C } }

/**
 * Hono env with `c.var.onoffice` typed as the union {@link OnOfficeContext}. Hono intersects it with the
 * route's middleware, so behind `oo.launch()` it is the launch context, behind `callback(oo)` the payment;
 * on a route without one, narrow by `c.var.onoffice.kind` (and it is only set behind one of them). Use it as
 * `new Hono<OnOfficeEnv>()`, `new Hono<OnOfficeEnv<{ Bindings: B }>>()` or `Hono<{ Bindings: B } & OnOfficeEnv>`;
 * your own `Variables` are kept. A plain `new Hono()` works as well: the middleware types each route. `C` is the
 * kit's client (`OnOfficeClient` with `onOffice({ client: createClient })`); behind a middleware the route has the
 * middleware's client either way.
 * @example
 * ```ts
 * const app = new Hono<OnOfficeEnv<{ Bindings: { ONOFFICE_SECRET: string } }>>()
 * app.get('/service', oo.launch(), (c) => c.text(c.var.onoffice.customerName))
 * ```
 */
export type OnOfficeEnv<E extends Env = {}, C extends OnOfficeApi = OnOfficeApi> = WithOnOffice<
  E,
  OnOfficeContext<C>
>

/** Hono env of a `launch()` route: `c.var.onoffice` is the {@link OnOfficeLaunchContext}. */
export type OnOfficeLaunchEnv<
  E extends Env = {},
  C extends OnOfficeApi = OnOfficeApi,
> = WithOnOffice<E, OnOfficeLaunchContext<C>>

/** Hono env of a `session()` route: `c.var.onoffice` is the {@link OnOfficeSessionContext}. */
export type OnOfficeSessionEnv<
  E extends Env = {},
  C extends OnOfficeApi = OnOfficeApi,
> = WithOnOffice<E, OnOfficeSessionContext<C>>

/** Hono env of a `webhook()` route: `c.var.onoffice` is the {@link OnOfficeWebhookContext} of the schema `S`. */
export type OnOfficeWebhookEnv<
  E extends Env = {},
  S extends WebhookParamSchema = NoWebhookParams,
  C extends OnOfficeApi = OnOfficeApi,
> = WithOnOffice<E, OnOfficeWebhookContext<S, C>>

/** Hono env of a `callback()` route: `c.var.onoffice` is the payment. */
export type OnOfficeCallbackEnv<
  E extends Env = {},
  C extends OnOfficeApi = OnOfficeApi,
> = WithOnOffice<E, OnOfficeCallbackContext<C>>

/**
 * What a Hono context behind `launch()` or `session()` has: the only routes that may sign an order or a service
 * message for onOffice (on a webhook, a callback or a route without the kit's middleware `order(c, …)` does
 * not type-check).
 */
export interface OnOfficeSigningVars {
  readonly var: { readonly onoffice: OnOfficeLaunchContext | OnOfficeSessionContext }
}

/** What a Hono context behind one of the kit's middleware (`launch()`, `session()`, `webhook()`, `callback()`) has. */
export interface OnOfficeRouteVars {
  readonly var: { readonly onoffice: OnOfficeContext }
}
