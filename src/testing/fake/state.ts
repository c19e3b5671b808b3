import { emptyCrm, type CrmState } from './crm.ts'
import type {
  ClaimOwner,
  FakeAddress,
  FakeBasicSettings,
  FakeEstate,
  FakeFile,
  FakeTransaction,
  FakeUser,
} from './types.ts'

/** An API user registered in the fake. */
export interface ApiUser {
  token: string
  secret: string
  kind: 'plain' | 'marketplace' | 'provider'
  customerWebId: string
  providerId: string | null
  /** `pending`: marketplace user before `unlockProvider`; `revoked`: blocked or replaced. */
  state: 'pending' | 'active' | 'revoked'
}

export interface ClaimRecord extends ClaimOwner {
  /** ms; `null` = no expiry. */
  expiresAt: number | null
  expired: boolean
}

export interface ParameterCache {
  customerWebId: string
  userId: string
  token: string
}

/** An `uploadfile` in progress: base64-decoded blocks appended in order, linked at most once. */
export interface TmpUpload {
  id: string
  /** Token of the API user that opened it: another user cannot append to it or link it. */
  token: string
  chunks: Uint8Array[]
  size: number
  blocks: number
  /** The last block ended in `=` padding: nothing may follow it. */
  padded: boolean
  used: boolean
}

export interface Customer {
  customerWebId: string
  customerName: string
  /** Token of the current marketplace API user. */
  token: string
  isRegularCustomer: boolean
}

/** Everything the fake knows; one object so that `reset()` can restore it in place. */
export interface FakeState {
  users: Map<string, ApiUser>
  claims: Map<string, ClaimRecord>
  parameterCaches: Map<string, ParameterCache>
  customers: Map<string, Customer>
  transactions: Map<string, FakeTransaction>
  estates: Map<number, FakeEstate>
  addresses: Map<number, FakeAddress>
  people: Map<number, FakeUser>
  basicSettings: FakeBasicSettings
  /** Contacts, search criteria, relations, tasks, appointments, agents log, imprint, regions, rights. */
  crm: CrmState
  nextTransactionId: number
  origin: string
  files: Map<number, FakeFile>
  uploads: Map<string, TmpUpload>
  nextFileId: number
  maxFileBytes: number
  /** `customerWebId \0 userId` (or `customerWebId \0 *`) → the estate ids those claims may read. */
  estateRights: Map<string, Set<number>>
}

export function emptyState(origin: string, maxFileBytes = 100 * 1024 * 1024): FakeState {
  return {
    users: new Map(),
    claims: new Map(),
    parameterCaches: new Map(),
    customers: new Map(),
    transactions: new Map(),
    estates: new Map(),
    addresses: new Map(),
    people: new Map(),
    basicSettings: { characteristicsCi: {} },
    crm: emptyCrm(),
    nextTransactionId: 1100135697,
    origin,
    files: new Map(),
    uploads: new Map(),
    nextFileId: 4217,
    maxFileBytes,
    estateRights: new Map(),
  }
}

/**
 * Whether a claim may read estate `id`: a user's restriction wins over the customer's; no restriction = all.
 * (onOffice answers 149 "No read permission for this estate" otherwise.)
 */
export function mayReadEstate(
  state: FakeState,
  claim: { customerWebId: string; userId: string },
  id: number,
): boolean {
  const rights =
    state.estateRights.get(`${claim.customerWebId}\u0000${claim.userId}`) ??
    state.estateRights.get(`${claim.customerWebId}\u0000*`)
  return rights === undefined || rights.has(id)
}
