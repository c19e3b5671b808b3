/**
 * What the customer bought, as onOffice knows it: the fake's transactions of the simulated customer (payments,
 * SEPA debits, subscriptions) with the state the provider's calls left them in — `transactionRefund` (provider
 * client) refunds a payment, `marketplaceCancelAbo` (the customer's API user) cancels a subscription. Customers
 * cannot cancel in onOffice themselves (reference §4.8), so the page lists and never cancels.
 */
import type { FakeTransaction } from '../fake/index.ts'
import type { ResolvedSimulatorOptions } from './options.ts'
import type { SimulatorState } from './state.ts'

/**
 * A purchase's state: `paid` (a payment taken), `pending` (SEPA `inprocess`), `refunded`, or for a subscription
 * `running`, `cancelled` (a cancellation for a later date) and `ended` (cancelled from today or earlier).
 */
export type PurchaseStatus = 'paid' | 'pending' | 'refunded' | 'running' | 'cancelled' | 'ended'

/** One line of `GET /sim/purchases`, oldest first. */
export interface Purchase {
  transactionId: string
  /** The product name (a subscription's `monthlyservicedescription`) of the order paid, `null` for a transaction the simulator did not take. */
  product: string | null
  /** The property the service was opened on when it was bought, or `null`. */
  estateId: number | null
  /** `payment` (card), `sepa` (direct debit) or `abo` (subscription, billed monthly). */
  kind: FakeTransaction['kind']
  /** The amount (`"19.90"`); for a subscription the monthly costs. */
  amount: string
  status: PurchaseStatus
  aboId?: string
  /** `YYYY-MM-DD` of `marketplaceCancelAbo`: no debits from then on. */
  cancelationDate?: string
  /** ms since the epoch */
  createdAt: number
  /** What the page shows in the columns Produkt, Art, Betrag, Status (German, e.g. `gekündigt zum 30.06.2026`). */
  text: { product: string; kind: string; amount: string; status: string }
}

const euro = (amount: string) => `${amount.replace('.', ',')} €`
const germanDay = (iso: string) => iso.split('-').reverse().join('.')

/** The German text of one purchase (one place: the server-rendered page and the page script show this). */
function textOf(p: Omit<Purchase, 'text'>): Purchase['text'] {
  const status: Record<PurchaseStatus, string> = {
    paid: 'bezahlt',
    pending: 'in Bearbeitung (SEPA-Lastschrift)',
    refunded: 'erstattet',
    running: 'läuft',
    cancelled: `gekündigt zum ${germanDay(p.cancelationDate ?? '')}`,
    ended: `beendet (gekündigt zum ${germanDay(p.cancelationDate ?? '')})`,
  }
  return {
    product:
      (p.product ?? 'unbekanntes Produkt') +
      (p.estateId !== null ? ` · Immobilie ${p.estateId}` : ''),
    kind:
      p.kind === 'abo'
        ? `Abo ${p.aboId ?? ''}`.trim()
        : p.kind === 'sepa'
          ? 'Einmalkauf (SEPA-Lastschrift)'
          : 'Einmalkauf',
    amount: p.kind === 'abo' ? `${euro(p.amount)} / Monat` : euro(p.amount),
    status: status[p.status],
  }
}

function statusOf(tx: FakeTransaction, today: string): PurchaseStatus {
  if (tx.kind === 'abo') {
    if (tx.canceledFrom === undefined) return 'running'
    return tx.canceledFrom <= today ? 'ended' : 'cancelled'
  }
  if (tx.refunded) return 'refunded'
  return tx.status === 'inprocess' ? 'pending' : 'paid'
}

/** The simulated customer's transactions in the fake, oldest first. */
export function listPurchases(opts: ResolvedSimulatorOptions, state: SimulatorState): Purchase[] {
  const today = new Date(opts.now()).toISOString().slice(0, 10)
  const out: Purchase[] = []
  for (const tx of opts.fake.transactions.values()) {
    if (tx.customerWebId !== opts.customer.customerWebId) continue
    const bought = state.bought.get(tx.transactionId)
    const p: Omit<Purchase, 'text'> = {
      transactionId: tx.transactionId,
      product: bought?.product ?? null,
      estateId: bought?.estateId ?? null,
      kind: tx.kind,
      amount: tx.amount,
      status: statusOf(tx, today),
      createdAt: tx.createdAt,
    }
    if (tx.aboId !== undefined) p.aboId = tx.aboId
    if (tx.canceledFrom !== undefined) p.cancelationDate = tx.canceledFrom
    out.push({ ...p, text: textOf(p) })
  }
  return out.sort(
    (a, b) => a.createdAt - b.createdAt || Number(a.transactionId) - Number(b.transactionId),
  )
}
