import { randomClaim } from './random.ts'
import type { ApiUser, ClaimRecord, FakeState } from './state.ts'
import type { ClaimOwner } from './types.ts'

/** Mints an opaque claim for `owner`; `ttlSec` makes it outdated (201) after that many seconds. */
export function issueClaim(
  state: FakeState,
  owner: ClaimOwner,
  now: number,
  ttlSec?: number,
): string {
  const claim = randomClaim()
  state.claims.set(claim, {
    ...owner,
    expiresAt: ttlSec === undefined ? null : now + ttlSec * 1000,
    expired: false,
  })
  return claim
}

// getMarketplaceInvoiceRecipient may be called without a claim within 900 s of the transaction.
const CLAIM_OPTIONAL = new Set(['getMarketplaceInvoiceRecipient'])

export type ClaimCheck =
  | { ok: true; claim: ClaimRecord | null }
  | { ok: false; code: 193 | 201 | 248 }

/**
 * The `extendedclaim` rule for marketplace API users: missing/unknown → 193, outdated → 201, a claim
 * of another customer → 248. The activation claim is valid for `unlockProvider` only and a service
 * claim not for `unlockProvider` (both 193: "invalid" for this call). Other API users need no claim.
 */
export function checkClaim(
  state: FakeState,
  user: ApiUser,
  raw: unknown,
  resourcetype: string,
  now: number,
): ClaimCheck {
  if (user.kind !== 'marketplace') return { ok: true, claim: null }
  if (typeof raw !== 'string' || raw === '') {
    return CLAIM_OPTIONAL.has(resourcetype) ? { ok: true, claim: null } : { ok: false, code: 193 }
  }
  const claim = state.claims.get(raw)
  if (!claim) return { ok: false, code: 193 }
  if (claim.expired || (claim.expiresAt !== null && now >= claim.expiresAt))
    return { ok: false, code: 201 }
  if (claim.customerWebId !== user.customerWebId) return { ok: false, code: 248 }
  const isUnlock = resourcetype === 'unlockProvider'
  if ((claim.kind === 'activation') !== isUnlock) return { ok: false, code: 193 }
  return { ok: true, claim }
}

/** The owner of a raw claim, or `null` if the fake never issued it. */
export function claimOwnerOf(state: FakeState, raw: unknown): ClaimOwner | null {
  if (typeof raw !== 'string') return null
  const c = state.claims.get(raw)
  return c ? { customerWebId: c.customerWebId, userId: c.userId, kind: c.kind } : null
}
