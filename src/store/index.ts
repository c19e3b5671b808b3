export type { KeyValue, KvPutOptions } from './kv.ts'
