// Runs under `deno test --unstable-kv` (npm run test:deno): the kvContract battery on denoKv over Deno's own
// KV (Deno.openKv(':memory:')), importing the kit's source unchanged. node:assert, not @std/assert: JSR may be
// unreachable where this runs.
import assert from 'node:assert/strict'
import { denoKv } from '../../adapters/deno-kv.ts'
import { kvContract } from '../../src/testing/kv-contract.ts'

// Deno KV stores at most 64 KiB per value; the large-value case uses 60 KiB (see denoKv's docs).
const LARGE = 60 * 1024

/** Each case opens its own in-memory database and closes it, so Deno's resource sanitizer stays happy. */
function register(
  label: string,
  options: Parameters<typeof kvContract>[1],
  now?: () => number,
  only?: string,
) {
  const open: Deno.Kv[] = []
  const make = async () => {
    const kv = await Deno.openKv(':memory:')
    open.push(kv)
    return denoKv(kv, now ? { now } : {})
  }
  for (const c of kvContract(make, options)) {
    if (only && !c.name.startsWith(only)) continue
    Deno.test(`${label}: ${c.name}`, async () => {
      try {
        await c.run()
      } finally {
        for (const kv of open.splice(0)) kv.close()
      }
    })
  }
}

let t = 1_700_000_000_000
register(
  'denoKv on Deno.openKv(:memory:), injected clock',
  { advance: (ms) => void (t += ms), largeValueBytes: LARGE },
  () => t,
)
// Deno's own expireIn against the real clock (the stored expiry makes the read exact).
register(
  'denoKv on Deno.openKv(:memory:), real clock',
  { ttlRealWaitMs: 1300, largeValueBytes: LARGE },
  undefined,
  'ttl:',
)

Deno.test('runs in Deno', () => {
  assert.equal(typeof Deno.version.deno, 'string')
})

Deno.test('denoKv refuses a value above 64 KiB with a clear RangeError', async () => {
  const kv = await Deno.openKv(':memory:')
  try {
    await assert.rejects(denoKv(kv).put('big', 'x'.repeat(70 * 1024)), RangeError)
  } finally {
    kv.close()
  }
})

Deno.test('denoKv stores under the ["onoffice-kit", key] prefix', async () => {
  const kv = await Deno.openKv(':memory:')
  try {
    await denoKv(kv).put('installation:1', '{}', { ttlSec: 60 })
    const entry = await kv.get<{ v: string; x: number }>(['onoffice-kit', 'installation:1'])
    assert.equal(entry.value?.v, '{}')
    assert.equal(typeof entry.value?.x, 'number')
  } finally {
    kv.close()
  }
})
