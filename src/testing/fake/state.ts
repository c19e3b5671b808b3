import type {
  ClaimOwner,
  FakeAddress,
  FakeBasicSettings,
  FakeEstate,
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
  nextTransactionId: number
  origin: string
}

export function emptyState(origin: string): FakeState {
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
    nextTransactionId: 1100135697,
    origin,
  }
}
