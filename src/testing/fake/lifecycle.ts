import { issueClaim } from './claims.ts'
import { randomAlnum } from './random.ts'
import { DEMO_CUSTOMER } from './seed.ts'
import type { ApiUser, FakeState } from './state.ts'
import type { FakeCredentials } from './types.ts'

function register(
  state: FakeState,
  user: Omit<ApiUser, 'token' | 'secret'> & Partial<FakeCredentials>,
): ApiUser {
  const full: ApiUser = {
    ...user,
    token: user.token ?? randomAlnum(32),
    secret: user.secret ?? randomAlnum(64),
  }
  state.users.set(full.token, full)
  return full
}

/**
 * The customer activates the provider: a new (pending) marketplace API user, its parameter cache
 * and an activation claim. A previous API user of the customer is revoked, so re-activation
 * always means a new token.
 */
export function startActivation(
  state: FakeState,
  p: { customerWebId: string; customerName?: string; userId?: string },
  now: number,
): { apiToken: string; apiKey: string; parameterCacheId: string; apiClaim: string } {
  if (typeof p?.customerWebId !== 'string' || p.customerWebId === '') {
    throw new TypeError('startActivation: `customerWebId` must be a non-empty string')
  }
  const userId = p.userId ?? '17'
  const previous = state.customers.get(p.customerWebId)
  if (previous) {
    const old = state.users.get(previous.token)
    if (old) old.state = 'revoked'
  }
  const user = register(state, {
    kind: 'marketplace',
    customerWebId: p.customerWebId,
    providerId: null,
    state: 'pending',
  })
  state.customers.set(p.customerWebId, {
    customerWebId: p.customerWebId,
    customerName: p.customerName ?? previous?.customerName ?? 'Muster Immobilien GmbH & Co. KG',
    token: user.token,
    isRegularCustomer: false,
  })
  const parameterCacheId = crypto.randomUUID()
  state.parameterCaches.set(parameterCacheId, {
    customerWebId: p.customerWebId,
    userId,
    token: user.token,
  })
  const apiClaim = issueClaim(
    state,
    { customerWebId: p.customerWebId, userId, kind: 'activation' },
    now,
  )
  return { apiToken: user.token, apiKey: user.secret, parameterCacheId, apiClaim }
}

export function isActivated(state: FakeState, customerWebId: string): boolean {
  const c = state.customers.get(customerWebId)
  return c ? state.users.get(c.token)?.state === 'active' : false
}

/** The customer blocks the provider: its API user is deactivated (48 from now on). */
export function block(state: FakeState, customerWebId: string): void {
  const c = state.customers.get(customerWebId)
  if (!c)
    throw new TypeError(
      `block: customer ${JSON.stringify(customerWebId)} never started an activation`,
    )
  const user = state.users.get(c.token)
  if (user) user.state = 'revoked'
}

export function addProviderUser(
  state: FakeState,
  p?: { providerId?: string },
): FakeCredentials & { providerId: string } {
  const providerId = p?.providerId ?? 'provider'
  const u = register(state, {
    kind: 'provider',
    customerWebId: `provider:${providerId}`,
    providerId,
    state: 'active',
  })
  return { token: u.token, secret: u.secret, providerId }
}

export function addApiUser(
  state: FakeState,
  p?: { token?: string; secret?: string; customerWebId?: string },
): FakeCredentials {
  if (p?.token !== undefined && state.users.has(p.token))
    throw new TypeError('addApiUser: `token` is already registered')
  const u = register(state, {
    kind: 'plain',
    customerWebId: p?.customerWebId ?? DEMO_CUSTOMER,
    providerId: null,
    state: 'active',
    ...(p?.token !== undefined ? { token: p.token } : {}),
    ...(p?.secret !== undefined ? { secret: p.secret } : {}),
  })
  return { token: u.token, secret: u.secret }
}
