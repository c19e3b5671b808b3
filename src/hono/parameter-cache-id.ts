import type { Context } from 'hono'

/**
 * The verified `parameterCacheId` of the current launch or session (`c.var.onoffice`). Orders and service
 * messages are only valid for it. Throws a `TypeError` naming the caller when the route has none.
 */
export function parameterCacheIdOf(c: Context, where: string): string {
  const ctx = (c.var as { onoffice?: { parameterCacheId?: string | null } }).onoffice
  const id = ctx?.parameterCacheId
  if (typeof id !== 'string' || id === '') {
    throw new TypeError(
      `${where}: needs a route behind launch() or session() whose service URL carried parameterCacheId`,
    )
  }
  return id
}
