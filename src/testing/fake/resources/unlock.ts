import { FakeActionError } from '../action-error.ts'
import type { ActionContext, ActionOutput } from './context.ts'

/**
 * do/unlockProvider with the pending API user's token + pasted key and the activation claim:
 * `parameterCacheId` must be one issued to this API user (else 177); the user becomes active.
 */
export function unlockProvider(ctx: ActionContext): ActionOutput {
  const { parameterCacheId, isRegularCustomer } = ctx.parameters
  if (parameterCacheId === undefined || parameterCacheId === null || parameterCacheId === '') {
    throw new FakeActionError(167, 'parameterCacheId')
  }
  const cache =
    typeof parameterCacheId === 'string'
      ? ctx.state.parameterCaches.get(parameterCacheId)
      : undefined
  if (!cache || cache.token !== ctx.user.token) throw new FakeActionError(177)
  if (ctx.user.kind !== 'marketplace') throw new FakeActionError(156)
  ctx.user.state = 'active'
  const customer = ctx.state.customers.get(cache.customerWebId)
  if (customer)
    customer.isRegularCustomer =
      isRegularCustomer === 1 || isRegularCustomer === '1' || isRegularCustomer === true
  return { cntabsolute: null, records: [{ id: 0, type: '', elements: { success: 'success' } }] }
}
