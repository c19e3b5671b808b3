import type { Hono } from 'hono'
import type { ActionKind } from '../../api/actions.ts'
import type {
  FakeAgentsLogEntry,
  FakeAppointment,
  FakeContact,
  FakeMultiselectValue,
  FakeRegion,
  FakeRelation,
  FakeRights,
  FakeSearchCriterion,
  FakeTask,
} from './crm.ts'

export type {
  FakeAgentsLogEntry,
  FakeAppointment,
  FakeContact,
  FakeMultiselectValue,
  FakeRegion,
  FakeRelation,
  FakeRights,
  FakeSearchCriterion,
  FakeTask,
} from './crm.ts'

/** Options of {@link createFakeOnOffice}. */
export interface FakeOnOfficeOptions {
  /** Clock in milliseconds (like `Date.now`). Default `Date.now`. */
  now?: () => number
  /** Load the demo data (estates, addresses, users, settings). Default `true`. */
  seed?: boolean
  /** Number of seeded estates (ids 1…n; ids 1 and 2 are multilingual DEU + ENG). Default 12. */
  estates?: number
  /** Origin used for `endpoint` and generated links. Default `https://api.onoffice.test`. */
  origin?: string
  /** Largest file an upload may grow to (bytes); a block beyond it answers 238 "the attachment is too big". Default 100 MiB. */
  maxFileBytes?: number
}

/** A fault the fake injects into the next matching request(s). */
export type Fault =
  | { type: 'latency'; ms: number }
  /** An HTTP error answer; `retryAfter` is sent as the `Retry-After` header (seconds or an HTTP date). */
  | { type: 'http'; status: number; retryAfter?: string }
  | { type: 'malformed-json' }
  | { type: 'drop-results'; keep: number }
  | { type: 'clock-skew'; sec: number }
  | { type: 'reset' }
  | { type: 'error'; code: number; message?: string }
  | { type: 'hang' }

/** When a fault applies. */
export interface FaultOptions {
  /** How many requests it applies to. Default 1; `Infinity` for all. */
  times?: number
  /** Only requests with an action for which this returns `true` (for `error`: only those actions). */
  match?: (action: ReceivedAction) => boolean
}

/** Who a claim carried by an action belongs to; `null` when it is not a claim the fake issued. */
export interface ClaimOwner {
  customerWebId: string
  userId: string
  kind: 'activation' | 'service'
}

/** One action as the fake received it. Credentials and the claim are redacted. */
export interface ReceivedAction {
  /** Position of the request in `received`. */
  requestIndex: number
  /** Position of the action in its request. */
  index: number
  kind: ActionKind | null
  actionid: string
  resourcetype: string
  resourceid: string | number | null
  identifier: string
  timestamp: unknown
  /** `parameters` with `extendedclaim` (and any secret-like key) replaced by `'[redacted]'`. */
  parameters: Record<string, unknown>
  /** Whether a non-empty `extendedclaim` was sent. */
  hasClaim: boolean
  claimOwner: ClaimOwner | null
  /** `true` when the action carried exactly `claim` (the raw claim is kept only inside this closure). */
  claimIs(claim: string): boolean
  /** The status the fake answered for this action; `null` while it is processed or if no result was sent. */
  status: { errorcode: number; message: string } | null
  /**
   * For `uploadfile`: which step this is. Blocks are numbered from 1 per temporary upload; their `data` is not kept
   * (`parameters.data` reads `[base64: N characters]`). Match on it to fail block N:
   * `fake.faults.next({ type: 'error', code: 238 }, { match: (a) => a.upload?.block === 3 })`.
   */
  upload: FakeUploadStep | null
}

/** One `uploadfile` action as the fake saw it. */
export type FakeUploadStep =
  | { step: 'block'; block: number; tmpUploadId: string | null; base64Length: number }
  | { step: 'link'; block: null; tmpUploadId: string | null }

/** One HTTP request as the fake received it, redacted. */
export interface ReceivedRequest {
  /** Server time (ms) when it arrived. */
  at: number
  apiVersion: 'stable' | 'latest'
  /** The parsed body with token/secret/hmac/extendedclaim replaced by `'[redacted]'`, or the raw text if it was no JSON. */
  body: unknown
  actions: ReceivedAction[]
  /** Request-level status answered, `null` if the connection was reset or hung. */
  status: { code: number; errorcode: number; message: string } | null
}

/** Filter of {@link FakeOnOffice.receivedActions}. */
export type ReceivedActionFilter =
  | { kind?: ActionKind; resourcetype?: string }
  | ((action: ReceivedAction) => boolean)

/** A seeded estate: shared fields plus free texts per language (ISO-3). */
export interface FakeEstate {
  id: number
  mainLanguage: string
  /** Language-independent fields, values as onOffice sends them (strings). */
  fields: Record<string, string>
  /** Free-text fields per language; `texts[mainLanguage]` always exists. */
  texts: Record<string, Record<string, string>>
}

/** A file stored in the fake (an upload that was linked, or a link). */
export interface FakeFile {
  id: number
  module: 'estate' | 'address' | 'agentsLog' | 'task'
  relatedRecordId: number
  /** `Art` (estate files), e.g. `Foto`, `Expose`, `Link`; `''` for other modules. */
  art: string
  title: string
  /** The uploaded file name (`originalname`). */
  originalName: string
  /** Stored name: `<uuid>.<ext>`. */
  filename: string
  freetext: string
  documentAttribute: string | null
  position: number
  /** `internal` for `Dokument`, `external` for the rest (onOffice's two areas of the "Files" tab). */
  category: 'internal' | 'external'
  /** The content; `null` for a link. */
  content: Uint8Array | null
  /** The URL of a link. */
  url: string | null
  /** Unix seconds. */
  modified: number
  /** Published for the own homepage / API (what `estatepictures` lists). */
  publishedOnHomepage: boolean
  /** Title and free text per language (ISO-3), as multilingual estates keep them. */
  texts: Record<string, { title: string; freetext: string }>
}

/** A seeded address. */
export interface FakeAddress {
  id: number
  fields: Record<string, string>
}

/** A seeded enterprise user of the demo customer. */
export interface FakeUser {
  id: number
  active: boolean
  fields: Record<string, string>
  /** Photo as base64 PNG, or `null` for a user without photo. */
  photo: string | null
}

/** Basic settings (`basicsettings`): CI colours without `#`, logo as base64. */
export interface FakeBasicSettings {
  characteristicsCi: Record<string, string>
}

export type TransactionKind = 'payment' | 'abo' | 'sepa'
export type TransactionStatus = 'success' | 'inprocess'

/** A payment the fake's checkout took. */
export interface FakeTransaction {
  transactionId: string
  aboId?: string
  customerWebId: string
  userId: string
  amount: string
  kind: TransactionKind
  status: TransactionStatus
  providerId: string
  /** ms */
  createdAt: number
  refunded: boolean
  /** `cancelationDate` of `marketplaceCancelAbo`, if cancelled. */
  canceledFrom?: string
  subsequentPayments: Array<{
    priceNet: string
    description: string
    url: string
    mailSent: boolean
  }>
}

/** Credentials of an API user. */
export interface FakeCredentials {
  token: string
  secret: string
}

/** The fake onOffice API returned by {@link createFakeOnOffice}. */
export interface FakeOnOffice {
  /** Hono app answering `POST /api/stable/api.php` and `/api/latest/api.php`. */
  app: Hono
  /** In-process fetch (no network): pass to `createClient({ fetch })`. Resets reject with a `TypeError`. */
  fetch: typeof fetch
  /** `https://api.onoffice.test/api/stable/api.php` (never resolved when `fetch` is used). */
  endpoint: string
  /** Customer side of an activation: creates the inactive marketplace API user and what the activation URL carries. */
  startActivation(p: { customerWebId: string; customerName?: string; userId?: string }): Promise<{
    apiToken: string
    apiKey: string
    parameterCacheId: string
    apiClaim: string
  }>
  /** A service claim (`apiClaim` of a service URL) for a user of a customer. Default TTL: none. */
  issueClaim(customerWebId: string, userId: string, opts?: { ttlSec?: number }): string
  /** Makes a claim outdated (error 201 from now on). */
  expireClaim(claim: string): void
  /** `true` once `unlockProvider` succeeded for the customer's current API user and it is not blocked. */
  isActivated(customerWebId: string): boolean
  /** The customer blocks the provider: its API user answers 48 "Client access revoked!". */
  block(customerWebId: string): void
  /** The provider's own API user (refund, subsequent payment link). */
  addProviderUser(p?: { providerId?: string }): FakeCredentials & { providerId: string }
  /** A plain (non-marketplace) API user: no claim needed. */
  addApiUser(p?: { token?: string; secret?: string; customerWebId?: string }): FakeCredentials
  /** A payment taken by onOffice's checkout (what the simulator's payment dialog creates). */
  createTransaction(p: {
    customerWebId: string
    userId: string
    amount: string
    kind?: TransactionKind
    status?: TransactionStatus
    providerId?: string
  }): { transactionId: string; aboId?: string }
  /** Changes a transaction's status (e.g. a SEPA payment clears). */
  setTransactionStatus(transactionId: string, status: TransactionStatus): void
  /** All transactions (live objects). */
  transactions: Map<string, FakeTransaction>
  estates: Map<number, FakeEstate>
  /** Files linked by `uploadfile` (live objects), by file id. */
  files: Map<number, FakeFile>
  addresses: Map<number, FakeAddress>
  users: Map<number, FakeUser>
  basicSettings: FakeBasicSettings
  /** Phone-book entries per address id (live). */
  readonly contacts: Map<number, FakeContact[]>
  /** Search criteria by id (live). */
  readonly searchCriteria: Map<number, FakeSearchCriterion>
  /** Relations (live list). */
  readonly relations: FakeRelation[]
  /** Tasks by id (live). */
  readonly tasks: Map<number, FakeTask>
  /** Appointments by id (live). */
  readonly appointments: Map<number, FakeAppointment>
  /** Agents log entries by id (live). */
  readonly agentsLog: Map<number, FakeAgentsLogEntry>
  /** Imprint fields of the customer (live). */
  readonly imprint: Record<string, string>
  /** Region tree (live). */
  readonly regions: FakeRegion[]
  /** Multiselect values: module → field → values (live). */
  readonly multiselect: Record<string, Record<string, FakeMultiselectValue[]>>
  /**
   * Rights of the fake's API users; set a flag to `false` to get onOffice's error for a missing right
   * (170 user data, 131 address creation, 174 modify). Reset by `reset()`.
   */
  readonly rights: FakeRights
  faults: {
    next(fault: Fault, opts?: FaultOptions): void
    /** Removes queued faults and releases hanging requests (they reject like a reset). */
    clear(): void
  }
  received: ReceivedRequest[]
  receivedActions(filter?: ReceivedActionFilter): ReceivedAction[]
  /**
   * Limits which estates the claims of a customer (or of one of its users) may read by id: `read estate` with
   * another `resourceid` answers 149 "No read permission for this estate", as for a user without the rights.
   * A user's restriction wins over the customer's.
   */
  restrictEstates(p: { customerWebId: string; userId?: string; estateIds: readonly number[] }): void
  /** Empties `received`. */
  clearReceived(): void
  /** Back to the freshly created state: data, users, claims, transactions, faults, received. */
  reset(): void
}
