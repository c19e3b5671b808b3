export { kvContract, type KvContractCase, type KvContractOptions } from './kv-contract.ts'
