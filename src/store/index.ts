export type { KeyValue, KvListOptions, KvListPage, KvPutOptions } from './kv.ts'
export {
  KV_LIST_DEFAULT_LIMIT,
  KV_LIST_MAX_LIMIT,
  prefixUpperBound,
  resolveListOptions,
} from './kv-list.ts'
export { memoryKv, type MemoryKvOptions } from './memory-kv.ts'
export { assertTtlSec } from './ttl.ts'
export {
  exactlyOnce,
  replayGuard,
  type ExactlyOnce,
  type ExactlyOnceClaim,
  type ExactlyOnceOptions,
  type ReplayGuard,
  type ReplayGuardOptions,
} from './replay-guard.ts'
export {
  createInstallationStore,
  type InstallationListEntry,
  type InstallationListOptions,
  type InstallationPage,
  type InstallationStore,
  type InstallationStoreConfig,
  type InstallationStoreExtra,
  type RewrapOptions,
  type RewrapResult,
} from './installation-store.ts'
export type { Installation, InstallationInput, InstallationStatus } from './installation-schema.ts'
export { InstallationOpenError, type InstallationOpenReason } from './errors.ts'
export type { InstallationKeyOptions, InstallationKeyRing } from './seal.ts'
export {
  createLedger,
  type Entitlement,
  type Ledger,
  type LedgerAbo,
  type LedgerCallbackInput,
  type LedgerOptions,
  type LedgerOrder,
  type LedgerOrderInput,
  type LedgerProduct,
  type Subscription,
  type Transaction,
  type TransactionEvent,
  type TransactionStatus,
} from './ledger.ts'
