// The response cache on the Workers Cache API (caches.default) inside workerd: a cached read is served from
// the Cache API, the fake onOffice sees it once, and another user of the customer is not served it.
import { describe, expect, it } from 'vitest'
import { cacheApi, createClient } from '../../src/index.ts'
import { createFakeOnOffice } from '../../src/testing/index.ts'

// workerd's CacheStorage has `default` (the colo's cache); the DOM lib this repository type-checks with does not.
const colo = (caches as unknown as { default: Parameters<typeof cacheApi>[0] }).default

describe('cacheApi(caches.default) in workerd', () => {
  it('serves a repeated read from the Cache API, per user', async () => {
    const fake = createFakeOnOffice()
    const act = await fake.startActivation({ customerWebId: '61', userId: '1' })
    const base = {
      token: act.apiToken,
      secret: act.apiKey,
      endpoint: fake.endpoint,
      fetch: fake.fetch,
      customerWebId: '61',
    }
    await createClient(base)
      .withClaim(act.apiClaim)
      .marketplace.unlockProvider({ parameterCacheId: act.parameterCacheId })
    const cache = cacheApi(colo, { ttlSec: 60 })
    const forUser = (userId: string) =>
      createClient({ ...base, cache }).withClaim(fake.issueClaim('61', userId), { userId })
    const sent = () => fake.receivedActions((a) => a.resourcetype === 'basicsettings').length

    const first = await forUser('7').settings.basic()
    expect(sent()).toBe(1)
    // A new client (as on the next request of the isolate, or another isolate of the colo): from the Cache API.
    const second = await forUser('7').settings.basic()
    expect(sent()).toBe(1)
    expect(second).toEqual(first)
    await forUser('8').settings.basic()
    expect(sent()).toBe(2)
  })
})
