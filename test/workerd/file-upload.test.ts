import { expect, it } from 'vitest'
import { OnOfficeUploadError, createClient } from '../../src/index.ts'
import { DEMO_CUSTOMER, createFakeOnOffice } from '../../src/testing/index.ts'

// 4 MiB streamed in 64 KiB chunks at the default block size: the reader, the base64 encoder (no Buffer, no
// node:*) and the one-request-per-block path inside workerd, checked byte for byte in the fake.
function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

it('a streamed upload inside workerd: every block in order, the stored file equals the stream', async () => {
  const fake = createFakeOnOffice()
  const act = await fake.startActivation({ customerWebId: DEMO_CUSTOMER, userId: '17' })
  const base = createClient({
    token: act.apiToken,
    secret: act.apiKey,
    endpoint: fake.endpoint,
    fetch: fake.fetch,
  })
  await base
    .withClaim(act.apiClaim)
    .marketplace.unlockProvider({ parameterCacheId: act.parameterCacheId })
  const claim = fake.issueClaim(DEMO_CUSTOMER, '17')
  const client = base.withClaim(claim)
  fake.clearReceived()

  const total = 4 * 1024 * 1024
  const chunk = 64 * 1024
  const expected = new Uint8Array(total)
  let x = 0x2545f491
  for (let i = 0; i < total; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    expected[i] = x & 255
  }
  let offset = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= total) return controller.close()
      controller.enqueue(expected.slice(offset, offset + chunk))
      offset += chunk
    },
  })
  const result = await client.files.upload({
    module: 'estate',
    relatedRecordId: 1,
    file: 'expose.pdf',
    Art: 'Expose',
    data: stream,
  })
  // 4 MiB / 768 KiB: 5 full blocks and one of 256 KiB.
  expect(result).toMatchObject({ bytes: total, blocks: 6 })
  const stored = fake.files.get(result.fileId!)
  expect(stored?.content?.length).toBe(total)
  expect(same(stored!.content!, expected)).toBe(true)
  const steps = fake.receivedActions({ resourcetype: 'uploadfile' })
  expect(steps.map((a) => a.upload?.block ?? 'link')).toEqual([1, 2, 3, 4, 5, 6, 'link'])
  expect(steps.every((a) => a.claimIs(claim))).toBe(true)
  const got = await client.files.get({ estateId: 1, fileId: result.fileId! })
  expect(got!.bytes.length).toBe(total)
  expect(same(got!.bytes, expected)).toBe(true)

  fake.faults.next({ type: 'error', code: 238 }, { match: (a) => a.upload?.block === 2 })
  const failed = await client.files
    .upload({ module: 'estate', relatedRecordId: 1, file: 'b.pdf', Art: 'Expose', data: expected })
    .catch((e: unknown) => e)
  expect(failed).toBeInstanceOf(OnOfficeUploadError)
  expect(failed).toMatchObject({ reason: 'block_failed', blocksSent: 1 })
}, 60_000)
