// Exactly-once payment callbacks under `deno test` on Deno KV: two apps (two servers) over one database get
// simultaneous deliveries → one handler run; a handler that fails once is processed on the reload. Deno KV's
// atomic check (versionstamp compare-and-set) makes putIfAbsent — and so the processing mark — race-free.
// One in-memory database: `npm run test:deno` grants no file access.
import { denoKv } from '../../adapters/deno-kv.ts'
import {
  concurrentDeliveriesRunOnce,
  failedHandlerIsProcessedOnReload,
} from '../shared/exactly-once.ts'

Deno.test('exactly-once callbacks on Deno KV: simultaneous deliveries to two apps run the handler once', async () => {
  const kv = await Deno.openKv(':memory:')
  try {
    await concurrentDeliveriesRunOnce([denoKv(kv), denoKv(kv)], 2)
    await concurrentDeliveriesRunOnce([denoKv(kv), denoKv(kv)], 6)
  } finally {
    kv.close()
  }
})

Deno.test('exactly-once callbacks on Deno KV: a handler that fails once is processed on the reload', async () => {
  const kv = await Deno.openKv(':memory:')
  try {
    await failedHandlerIsProcessedOnReload(denoKv(kv))
  } finally {
    kv.close()
  }
})
