import type { OnOfficeSigningVars } from './env.ts'

/** The routes that may sign an order or a service message, as their errors name them. */
export const SIGNING_ROUTE = 'launch() or session() whose service URL carried parameterCacheId'

/**
 * The verified `parameterCacheId` of the current launch or session (`c.var.onoffice`). Orders and service
 * messages are only valid for it. The type admits only such routes; a `TypeError` naming the caller for a
 * context that got here anyway (JavaScript, a cast) or whose launch carried none.
 */
export function parameterCacheIdOf(c: OnOfficeSigningVars, where: string): string {
  const ctx: Partial<OnOfficeSigningVars['var']['onoffice']> | undefined = c.var.onoffice
  const id = ctx?.kind === 'launch' || ctx?.kind === 'session' ? ctx.parameterCacheId : undefined
  if (typeof id !== 'string' || id === '') {
    throw new TypeError(`${where}: needs a route behind ${SIGNING_ROUTE}`)
  }
  return id
}
