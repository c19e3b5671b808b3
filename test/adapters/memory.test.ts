import { describe, it } from 'vitest'
import { memoryKv } from '../../src/store/memory-kv.ts'
import { kvContract } from '../../src/testing/kv-contract.ts'

describe('kvContract: memoryKv (injected clock)', () => {
  let t = 1_700_000_000_000
  const cases = kvContract(() => memoryKv({ now: () => t }), { advance: (ms) => void (t += ms) })
  for (const c of cases) it(c.name, c.run)
})
