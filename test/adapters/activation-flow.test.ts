import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'vitest'
import { fileKv } from '../../adapters/node.ts'
import { memoryKv } from '../../src/store/memory-kv.ts'
import { runActivationFlow } from '../shared/activation-flow.ts'

describe('activation → launch → session on Node stores', () => {
  it('memoryKv', () => runActivationFlow(memoryKv()))

  it('fileKv (temp SQLite file)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onoffice-kit-flow-'))
    const kv = fileKv(join(dir, 'kv.sqlite'))
    try {
      await runActivationFlow(kv)
    } finally {
      await kv.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
