import type { FakeState } from './state.ts'
import type { FakeTransaction, TransactionKind, TransactionStatus } from './types.ts'

const KINDS: readonly TransactionKind[] = ['payment', 'abo', 'sepa']
const AMOUNT = /^\d+(\.\d{1,2})?$/

/** Records a payment as onOffice's checkout would (the simulator's payment dialog calls this). */
export function createTransaction(
  state: FakeState,
  p: {
    customerWebId: string
    userId: string
    amount: string
    kind?: TransactionKind
    status?: TransactionStatus
    providerId?: string
  },
  now: number,
): { transactionId: string; aboId?: string } {
  if (typeof p?.customerWebId !== 'string' || p.customerWebId === '') {
    throw new TypeError('createTransaction: `customerWebId` must be a non-empty string')
  }
  if (typeof p.amount !== 'string' || !AMOUNT.test(p.amount)) {
    throw new TypeError('createTransaction: `amount` must be a price string like "25.10"')
  }
  const kind = p.kind ?? 'payment'
  if (!KINDS.includes(kind))
    throw new TypeError(`createTransaction: \`kind\` must be one of ${KINDS.join(', ')}`)
  const transactionId = String(state.nextTransactionId++)
  const tx: FakeTransaction = {
    transactionId,
    customerWebId: p.customerWebId,
    userId: String(p.userId),
    amount: p.amount,
    kind,
    status: p.status ?? 'success',
    providerId: p.providerId ?? 'provider',
    createdAt: now,
    refunded: false,
    subsequentPayments: [],
  }
  if (kind === 'abo') tx.aboId = `abo-${transactionId}`
  state.transactions.set(transactionId, tx)
  return tx.aboId ? { transactionId, aboId: tx.aboId } : { transactionId }
}

export function setTransactionStatus(
  state: FakeState,
  transactionId: string,
  status: TransactionStatus,
): void {
  const tx = state.transactions.get(String(transactionId))
  if (!tx)
    throw new TypeError(
      `setTransactionStatus: unknown transaction ${JSON.stringify(transactionId)}`,
    )
  tx.status = status
}
