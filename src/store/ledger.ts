/**
 * The purchase ledger: what each customer ordered, paid, has pending and subscribed to (reference §4.7,
 * §4.8). Framework-free, on any {@link KeyValue}.
 *
 * Every fact is its own key, written once (`putIfAbsent`), so concurrent callbacks never overwrite each
 * other and a repeated delivery changes nothing; a transaction's state is the fold of its events. Keys:
 *
 * - `{prefix}o:{customer}:{orderId}` — an order as the provider signed it,
 * - `{prefix}t:{customer}:{transactionId}:{event}` — one status event (`inprocess`, `success`, `error`, `refunded`),
 * - `{prefix}x:{transactionId}` — which customer a transaction belongs to (for {@link Ledger.get}),
 * - `{prefix}a:{customer}:{aboId}` — a subscription's cancellation.
 */
import { checkKeyValue, type KeyValue } from './kv.ts'

/** A status onOffice reports in a payment callback, plus the kit's own `refunded`. */
export type TransactionStatus = 'inprocess' | 'success' | 'error' | 'refunded'

/** One product of an order as the ledger keeps it. */
export interface LedgerProduct {
  name: string
  price: string
  quantity: string
  circleofusers: string
}

/** A subscription of an order as the ledger keeps it (wire names, reference §4.7). */
export interface LedgerAbo {
  monthlyservicedescription: string
  monthlycosts: string
  durationinmonth: string
  noticeperiod: string
  automaticrenewal: string
  circleofusers: string
}

/** What {@link Ledger.recordOrder} takes. */
export interface LedgerOrderInput {
  customerWebId: string
  userId: string
  parameterCacheId: string
  /** One-off products, or… */
  products?: readonly LedgerProduct[]
  /** …a subscription. */
  abo?: LedgerAbo
  /** `totalprice` of a products order. */
  total?: string
}

/** An order the ledger recorded. `orderId` is what binds a later callback to it. */
export interface LedgerOrder extends LedgerOrderInput {
  orderId: string
  /** When it was recorded (ms since the epoch). */
  createdAt: number
}

/** What {@link Ledger.recordCallback} takes: the verified callback's values. */
export interface LedgerCallbackInput {
  customerWebId: string
  transactionId: string
  status: 'inprocess' | 'success' | 'error'
  /** The order the callback URL was bound to (`ooref`), when the provider used `order()`. */
  orderId?: string | undefined
  aboId?: string | undefined
  referenceId?: string | undefined
  message?: string | undefined
  /** Every signed query value of the callback, as received (the audit trail). */
  raw?: Readonly<Record<string, string>>
}

/** One status transition of a transaction. */
export interface TransactionEvent {
  status: TransactionStatus
  at: number
  message?: string
  raw?: Record<string, string>
}

/** A transaction as the ledger knows it: its events folded. */
export interface Transaction {
  transactionId: string
  customerWebId: string
  /**
   * `success` once paid (until `refunded`), `error` when it failed without being paid, `inprocess` while a
   * SEPA debit is pending.
   */
  status: TransactionStatus
  /** Every transition, oldest first. */
  events: TransactionEvent[]
  orderId?: string
  /** The bound order, when it is still in the ledger. */
  order?: LedgerOrder
  aboId?: string
  referenceId?: string
}

/** Something a customer may use: a paid product or a running subscription. */
export interface Entitlement {
  /** The product's `name`, or the subscription's `monthlyservicedescription`. */
  product: string
  kind: 'purchase' | 'subscription'
  transactionId: string
  aboId?: string
  /** When it was paid (ms since the epoch). */
  since: number
}

/** A subscription that runs (paid, not cancelled, or cancelled for a future date). */
export interface Subscription {
  aboId: string
  product: string | null
  transactionId: string
  since: number
  /** `YYYY-MM-DD` from which no more debits happen, when a cancellation was recorded. */
  cancelationDate?: string
}

/** The ledger. Every method rejects when the store fails. */
export interface Ledger {
  /** Records an order before it is signed; the returned `orderId` binds the callback to it. */
  recordOrder(input: LedgerOrderInput): Promise<LedgerOrder>
  /** The order, or `null`. */
  order(customerWebId: string, orderId: string): Promise<LedgerOrder | null>
  /** Records a verified callback's status transition; a repeated delivery changes nothing. */
  recordCallback(input: LedgerCallbackInput): Promise<Transaction>
  /** Records a refund (after `transactionRefund` succeeded); the transaction's entitlement ends. */
  recordRefund(customerWebId: string, transactionId: string): Promise<Transaction | null>
  /** Records a cancellation (after `marketplaceCancelAbo` succeeded) from `cancelationDate` (`YYYY-MM-DD`). */
  recordCancellation(customerWebId: string, aboId: string, cancelationDate: string): Promise<void>
  /** One transaction, or `null`. */
  get(transactionId: string): Promise<Transaction | null>
  /** Every transaction of a customer, oldest first. */
  list(customerWebId: string): Promise<Transaction[]>
  /** Paid products and running subscriptions (`inprocess` is pending, not paid). */
  entitlements(customerWebId: string): Promise<Entitlement[]>
  /** Whether the customer has a paid `product` or a running subscription named `product`. */
  has(customerWebId: string, product: string): Promise<boolean>
  /** The running subscriptions (cancel them with `marketplaceCancelAbo` when a customer leaves). */
  subscriptions(customerWebId: string): Promise<Subscription[]>
}

/** Options of {@link createLedger}. */
export interface LedgerOptions {
  /** Key prefix. Default `'oo:ledger:'`. */
  prefix?: string
  /** Clock in ms. Default `Date.now`. */
  now?: () => number
}

const STATUSES: readonly TransactionStatus[] = ['inprocess', 'success', 'error', 'refunded']
const enc = encodeURIComponent

function nonEmpty(name: string, v: unknown): string {
  if (typeof v !== 'string' || v === '')
    throw new TypeError(`ledger: ${name} must be a non-empty string`)
  return v
}

function randomId(): string {
  const b = crypto.getRandomValues(new Uint8Array(12))
  let s = ''
  for (const x of b) s += x.toString(16).padStart(2, '0')
  return s
}

/** Today in UTC as `YYYY-MM-DD`. */
function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

function fold(
  customerWebId: string,
  transactionId: string,
  events: TransactionEvent[],
  meta: { orderId?: string; aboId?: string; referenceId?: string },
): Transaction {
  events.sort((a, b) => a.at - b.at || STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status))
  const has = (s: TransactionStatus) => events.some((e) => e.status === s)
  const status: TransactionStatus = has('refunded')
    ? 'refunded'
    : has('success')
      ? 'success'
      : has('error')
        ? 'error'
        : 'inprocess'
  const t: Transaction = { transactionId, customerWebId, status, events }
  if (meta.orderId) t.orderId = meta.orderId
  if (meta.aboId) t.aboId = meta.aboId
  if (meta.referenceId) t.referenceId = meta.referenceId
  return t
}

async function allKeys(kv: KeyValue, prefix: string): Promise<string[]> {
  const out: string[] = []
  let cursor: string | null = null
  do {
    const page = await kv.list(prefix, { cursor, limit: 1000 })
    out.push(...page.keys)
    cursor = page.cursor
  } while (cursor !== null)
  // SCAN-based stores may repeat a key.
  return [...new Set(out)]
}

/**
 * A purchase ledger on a {@link KeyValue}. Use a strongly consistent store (Deno KV, Redis, PostgreSQL, a
 * Durable Object) where a missing or doubled entry costs money; on Cloudflare KV a just-written event may
 * take up to a minute to be listed.
 *
 * @param kv - where orders and transactions live.
 * @param options - `prefix` (`'oo:ledger:'`), `now` (`Date.now`).
 * @example
 * ```ts
 * const ledger = createLedger(kv)
 * const { orderId } = await ledger.recordOrder({ customerWebId, userId, parameterCacheId, products })
 * // … in the verified callback:
 * await ledger.recordCallback({ customerWebId, transactionId, status: 'success', orderId })
 * if (await ledger.has(customerWebId, 'Premium-Exposé')) showPremium()
 * ```
 */
export function createLedger(kv: KeyValue, options: LedgerOptions = {}): Ledger {
  checkKeyValue('createLedger', 'kv', kv, { needsList: true })
  const prefix = options.prefix ?? 'oo:ledger:'
  if (typeof prefix !== 'string' || prefix === '')
    throw new TypeError('createLedger: options.prefix must be a non-empty string')
  const now = options.now ?? Date.now
  if (typeof now !== 'function')
    throw new TypeError('createLedger: options.now must be a function returning ms')

  const orderKey = (c: string, id: string) => `${prefix}o:${enc(c)}:${enc(id)}`
  const txPrefix = (c: string) => `${prefix}t:${enc(c)}:`
  const eventKey = (c: string, t: string, s: TransactionStatus) => `${txPrefix(c)}${enc(t)}:${s}`
  const ownerKey = (t: string) => `${prefix}x:${enc(t)}`
  const aboKey = (c: string, a: string) => `${prefix}a:${enc(c)}:${enc(a)}`

  interface StoredEvent extends TransactionEvent {
    orderId?: string
    aboId?: string
    referenceId?: string
  }

  async function order(customerWebId: string, orderId: string): Promise<LedgerOrder | null> {
    const raw = await kv.get(
      orderKey(nonEmpty('customerWebId', customerWebId), nonEmpty('orderId', orderId)),
    )
    return raw === null ? null : (JSON.parse(raw) as LedgerOrder)
  }

  async function transactionsOf(customerWebId: string, only?: string): Promise<Transaction[]> {
    const base = txPrefix(customerWebId)
    const keys = await allKeys(kv, only === undefined ? base : `${base}${enc(only)}:`)
    const byTx = new Map<string, StoredEvent[]>()
    await Promise.all(
      keys.map(async (key) => {
        const rest = key.slice(base.length)
        const cut = rest.lastIndexOf(':')
        const tx = decodeURIComponent(rest.slice(0, cut))
        const raw = await kv.get(key)
        if (raw === null) return
        const list = byTx.get(tx) ?? []
        list.push(JSON.parse(raw) as StoredEvent)
        byTx.set(tx, list)
      }),
    )
    const out: Transaction[] = []
    for (const [tx, stored] of byTx) {
      const meta: { orderId?: string; aboId?: string; referenceId?: string } = {}
      const events: TransactionEvent[] = stored.map(({ orderId, aboId, referenceId, ...e }) => {
        if (orderId) meta.orderId = orderId
        if (aboId) meta.aboId = aboId
        if (referenceId) meta.referenceId = referenceId
        return e
      })
      const t = fold(customerWebId, tx, events, meta)
      if (t.orderId) {
        const o = await order(customerWebId, t.orderId)
        if (o) t.order = o
      }
      out.push(t)
    }
    return out.sort((a, b) => (a.events[0]?.at ?? 0) - (b.events[0]?.at ?? 0))
  }

  async function writeEvent(
    customerWebId: string,
    transactionId: string,
    e: StoredEvent,
  ): Promise<void> {
    await kv.putIfAbsent(ownerKey(transactionId), customerWebId, {})
    await kv.putIfAbsent(eventKey(customerWebId, transactionId, e.status), JSON.stringify(e), {})
  }

  async function subscriptions(customerWebId: string): Promise<Subscription[]> {
    const today = isoDay(now())
    const out: Subscription[] = []
    for (const t of await transactionsOf(nonEmpty('customerWebId', customerWebId))) {
      if (!t.aboId || t.status !== 'success') continue
      const cancel = await kv.get(aboKey(customerWebId, t.aboId))
      if (cancel !== null && cancel <= today) continue
      const s: Subscription = {
        aboId: t.aboId,
        product: t.order?.abo?.monthlyservicedescription ?? null,
        transactionId: t.transactionId,
        since: t.events.find((e) => e.status === 'success')?.at ?? 0,
      }
      if (cancel !== null) s.cancelationDate = cancel
      out.push(s)
    }
    return out
  }

  async function entitlements(customerWebId: string): Promise<Entitlement[]> {
    const out: Entitlement[] = []
    const running = new Set((await subscriptions(customerWebId)).map((s) => s.transactionId))
    for (const t of await transactionsOf(customerWebId)) {
      if (t.status !== 'success' || !t.order) continue
      const since = t.events.find((e) => e.status === 'success')?.at ?? 0
      if (t.order.abo) {
        if (running.has(t.transactionId)) {
          const e: Entitlement = {
            product: t.order.abo.monthlyservicedescription,
            kind: 'subscription',
            transactionId: t.transactionId,
            since,
          }
          if (t.aboId) e.aboId = t.aboId
          out.push(e)
        }
        continue
      }
      for (const p of t.order.products ?? [])
        out.push({ product: p.name, kind: 'purchase', transactionId: t.transactionId, since })
    }
    return out
  }

  return {
    async recordOrder(input) {
      const o: LedgerOrder = {
        orderId: randomId(),
        createdAt: now(),
        customerWebId: nonEmpty('customerWebId', input.customerWebId),
        userId: nonEmpty('userId', input.userId),
        parameterCacheId: nonEmpty('parameterCacheId', input.parameterCacheId),
      }
      if ((input.products === undefined) === (input.abo === undefined)) {
        throw new TypeError('ledger.recordOrder: needs exactly one of products or abo')
      }
      if (input.products) o.products = input.products.map((p) => ({ ...p }))
      if (input.abo) o.abo = { ...input.abo }
      if (input.total !== undefined) o.total = input.total
      await kv.put(orderKey(o.customerWebId, o.orderId), JSON.stringify(o))
      return o
    },
    order,
    async recordCallback(input) {
      const customerWebId = nonEmpty('customerWebId', input.customerWebId)
      const transactionId = nonEmpty('transactionId', input.transactionId)
      if (input.status !== 'inprocess' && input.status !== 'success' && input.status !== 'error') {
        throw new TypeError(
          "ledger.recordCallback: status must be 'inprocess', 'success' or 'error'",
        )
      }
      const e: StoredEvent = { status: input.status, at: now() }
      if (input.message) e.message = input.message
      if (input.raw) e.raw = { ...input.raw }
      if (input.orderId) e.orderId = input.orderId
      if (input.aboId) e.aboId = input.aboId
      if (input.referenceId) e.referenceId = input.referenceId
      await writeEvent(customerWebId, transactionId, e)
      const [t] = await transactionsOf(customerWebId, transactionId)
      return t!
    },
    async recordRefund(customerWebId, transactionId) {
      nonEmpty('customerWebId', customerWebId)
      nonEmpty('transactionId', transactionId)
      const [t] = await transactionsOf(customerWebId, transactionId)
      if (!t) return null
      await writeEvent(customerWebId, transactionId, { status: 'refunded', at: now() })
      const [after] = await transactionsOf(customerWebId, transactionId)
      return after ?? null
    },
    async recordCancellation(customerWebId, aboId, cancelationDate) {
      if (typeof cancelationDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(cancelationDate)) {
        throw new TypeError('ledger.recordCancellation: cancelationDate must be YYYY-MM-DD')
      }
      await kv.put(
        aboKey(nonEmpty('customerWebId', customerWebId), nonEmpty('aboId', aboId)),
        cancelationDate,
      )
    },
    async get(transactionId) {
      const owner = await kv.get(ownerKey(nonEmpty('transactionId', transactionId)))
      if (owner === null) return null
      const [t] = await transactionsOf(owner, transactionId)
      return t ?? null
    },
    list: (customerWebId) => transactionsOf(nonEmpty('customerWebId', customerWebId)),
    entitlements: (customerWebId) => entitlements(nonEmpty('customerWebId', customerWebId)),
    async has(customerWebId, product) {
      nonEmpty('product', product)
      return (await entitlements(nonEmpty('customerWebId', customerWebId))).some(
        (e) => e.product === product,
      )
    },
    subscriptions,
  }
}
