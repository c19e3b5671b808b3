import type { Context } from 'hono'
import type { Installation } from '../store/index.ts'
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
  `${encodeURIComponent(i.customerWebId)}:${i.activatedAt}`
