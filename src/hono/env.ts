import type { Env } from 'hono'
import type { OnOfficeClient } from '../api/index.ts'
import type { PaymentResult } from '../marketplace/index.ts'
import type { Installation } from '../store/index.ts'
import type { BoundEstate } from './estate.ts'
import type { LaunchImages } from './files.ts'

/** The installation as `c.var.onoffice` exposes it: every field except the sealed `apiToken` and `apiSecret`. */
export type PublicInstallation = Omit<Installation, 'apiToken' | 'apiSecret'>

/** What `webhook()` puts on `c.var.onoffice`: the verified call, the installation and a claim-bound client. */
export interface OnOfficeWebhookContext {
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
  /**
   * onOffice client of this customer, sending the call's `apiClaim` as `extendedclaim` on every action. Created on
   * first access (a getter: `{ ...c.var.onoffice }` does not copy it).
   */
  client: OnOfficeClient
  /** The launched property (`estateId` parameter) in the launched `language`, or `null` when none was passed. Created on first access. */
  estate: BoundEstate | null
  /**
   * The pictures the user selected on the property's "Files" tab (`imageIds`), parsed, with helpers that read them;
   * `null` when the call has no `estateId`. Created on first access.
   */
  images: LaunchImages | null
}

/** What `launch()` and `session()` put on `c.var.onoffice`. */
export interface OnOfficeContext extends OnOfficeWebhookContext {
  /** Encrypted session token (15 min) for the iframe's own requests: send it as `Authorization: Bearer <token>`. */
  sessionToken: string
  /** Unix seconds when `sessionToken` expires. */
  sessionExpiresAt: number
}

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
 * Hono env with `c.var.onoffice` typed. Use it as `new Hono<OnOfficeEnv>()`, `new Hono<OnOfficeEnv<{ Bindings: B }>>()`
 * or as an intersection `Hono<{ Bindings: B } & OnOfficeEnv>`; your own `Variables` are kept.
 * @example
 * ```ts
 * const app = new Hono<OnOfficeEnv<{ Bindings: { ONOFFICE_SECRET: string } }>>()
 * app.get('/service', oo.launch(), (c) => c.text(c.var.onoffice.customerName))
 * ```
 */
export type OnOfficeEnv<E extends Env = {}> = WithOnOffice<E, OnOfficeContext>

/** Hono env of a `webhook()` route: `c.var.onoffice` without a session token. */
export type OnOfficeWebhookEnv<E extends Env = {}> = WithOnOffice<E, OnOfficeWebhookContext>

/** What `callback()` puts on `c.var.onoffice`: the verified payment result. */
export interface OnOfficeCallbackContext {
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
}

/** Hono env of a `callback()` route. */
export type OnOfficeCallbackEnv<E extends Env = {}> = WithOnOffice<E, OnOfficeCallbackContext>
