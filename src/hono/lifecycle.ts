import type { Installation, KeyValue } from '../store/index.ts'
import type { PublicInstallation } from './env.ts'
import { log } from './log.ts'

/** Why an installation was seen blocked: the onOffice error code that reported it (22, 42, 48 or 153), when known. */
export interface BlockedReason {
  code: number | undefined
}

/** What `isRegularCustomer` is given: the verified activation's values. */
export interface ActivationParams {
  customerWebId: string
  customerName: string
  userId: string
  parameterCacheId: string
}

/** Removes the sealed secrets from an installation (what hooks and `c.var.onoffice.installation` see). */
export function publicInstallationOf(i: Installation): PublicInstallation {
  const { apiToken: _t, apiSecret: _s, ...rest } = i
  return Object.freeze(rest)
}

/**
 * Runs a lifecycle hook: awaited, and an error (thrown or rejected) is logged and swallowed — a hook never
 * changes what onOffice or the user is answered.
 */
export async function runHook(name: string, hook: (() => unknown) | undefined): Promise<void> {
  if (hook === undefined) return
  try {
    await hook()
  } catch (err) {
    log(`${name} hook failed (the flow goes on)`, err)
  }
}

/** Key of the once-only mark of one blocking (per activation: a re-activated installation can be blocked again). */
export const blockedOnceKey = (i: Installation): string =>
  `onoffice:blocked:${encodeURIComponent(i.customerWebId)}:${i.activatedAt}`

/** Key of the once-only mark of one activation's hook: the same activation submitted twice runs it once. */
export const activatedOnceKey = (customerWebId: string, parameterCacheId: string): string =>
  `onoffice:activated:${encodeURIComponent(customerWebId)}:${encodeURIComponent(parameterCacheId)}`

/**
 * Takes the once-only mark `key` of a lifecycle hook in `onceKv` (a putIfAbsent): `true` the first time,
 * `false` after; `null` when the store cannot tell (logged) — the caller decides whether the hook then runs.
 */
export async function firstTime(
  onceKv: KeyValue,
  key: string,
  ttlSec: number,
  hookName: string,
): Promise<boolean | null> {
  try {
    return await onceKv.putIfAbsent(key, '1', { ttlSec })
  } catch (err) {
    log(`${hookName}: once-only mark unavailable`, err)
    return null
  }
}
