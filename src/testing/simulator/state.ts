import type { Order } from '../../marketplace/index.ts'

/** A service launch the simulator signed: orders must carry its `parameterCacheId`. */
export interface Launch {
  customerWebId: string
  userId: string
  estateId: number
  language: string
}

/** What one simulator remembers between the page's requests (in memory, like the fake). */
export interface SimulatorState {
  /** parameterCacheId → launch */
  launches: Map<string, Launch>
  /** paymentId → the verified order waiting in the payment dialog */
  payments: Map<string, { order: Order; launch: Launch }>
  /**
   * transactionId → what was bought: onOffice's transaction knows the amount, not the product, so the page's
   * purchase list takes the name from the order the simulator verified.
   */
  bought: Map<string, { product: string; estateId: number }>
  /** The activation the admin started and has not finished: re-opening shows the same key. */
  pendingActivation?: {
    customerWebId: string
    apiToken: string
    apiKey: string
    parameterCacheId: string
    apiClaim: string
  }
}

export function emptyState(): SimulatorState {
  return { launches: new Map(), payments: new Map(), bought: new Map() }
}

/** A random URL-safe id (not a secret: ids of launches and held payments). */
export function randomId(): string {
  return crypto.randomUUID().replace(/-/g, '')
}
