// activation → launch → session under `deno test` on denoKv(Deno.openKv(':memory:')), the kit's source unchanged.
import { denoKv } from '../../adapters/deno-kv.ts'
import { runActivationFlow } from '../shared/activation-flow.ts'

Deno.test('activation → launch → session on denoKv (Deno.openKv(:memory:))', async () => {
  const kv = await Deno.openKv(':memory:')
  try {
    await runActivationFlow(denoKv(kv))
  } finally {
    kv.close()
  }
})
