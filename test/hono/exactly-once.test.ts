import { describe, expect, it } from 'vitest'
import { webhook } from '../../src/hono/index.ts'
import { exactlyOnce, memoryKv } from '../../src/store/index.ts'
import {
  concurrentDeliveriesRunOnce,
  failedHandlerIsProcessedOnReload,
} from '../shared/exactly-once.ts'
import { START, createHarness, fetchHeaders, useCanary } from './helpers.ts'

useCanary()

describe('payment callbacks run the handler to success exactly once (memoryKv)', () => {
  it('simultaneous deliveries: one handler run, the others 409 payment_processing (a self-reloading page; JSON for fetch)', async () => {
    await concurrentDeliveriesRunOnce(memoryKv(), 5)
  })

  it('a handler that throws or answers 5xx releases the mark: the reload processes it', async () => {
    await failedHandlerIsProcessedOnReload(memoryKv())
  })
})

describe('exactlyOnce (store)', () => {
  it('a crashed run loses its lease after leaseSec; done is remembered for ttlSec; release only drops its own mark', async () => {
    let now = START
    const kv = memoryKv({ now: () => now })
    const once = exactlyOnce(kv, { prefix: 'p:', ttlSec: 3600, leaseSec: 60 })
    const crashed = await once.begin('a')
    expect(crashed.state).toBe('claimed')
    expect((await once.begin('a')).state).toBe('processing')
    now += 61_000
    const second = await once.begin('a')
    expect(second.state).toBe('claimed')
    // The crashed run's late release must not free the id the second run holds.
    if (crashed.state === 'claimed') await crashed.release()
    expect((await once.begin('a')).state).toBe('processing')
    if (second.state === 'claimed') await second.done()
    expect((await once.begin('a')).state).toBe('done')
    now += 3601_000
    expect((await once.begin('a')).state).toBe('claimed')
  })

  it('checks its options', () => {
    const kv = memoryKv()
    expect(() => exactlyOnce(kv, { prefix: '', ttlSec: 1 })).toThrow(/prefix/)
    expect(() => exactlyOnce(kv, { prefix: 'p', ttlSec: 0 })).toThrow(/ttlSec/)
    expect(() => exactlyOnce(kv, { prefix: 'p', ttlSec: 1, leaseSec: 1.5 })).toThrow(/leaseSec/)
  })
})

describe('webhook deliveries: once per signed URL within the freshness window', () => {
  const setup = (overrides = {}) => {
    let runs = 0
    let fail = 0
    const h = createHarness(overrides, (app, oo) => {
      app.route('/onoffice', oo.routes())
      app.get('/hook', webhook(oo), (c) => {
        runs++
        if (fail > 0) {
          fail--
          throw new Error('action failed')
        }
        return c.json({ ran: true })
      })
    })
    return { h, runs: () => runs, failNext: () => void (fail = 1) }
  }
  const hookUrl = async (h: ReturnType<typeof setup>['h']) => {
    await h.activate('100')
    return h.signed('/hook', {
      customerWebId: '100',
      userId: '1',
      apiClaim: h.fake.issueClaim('100', '1'),
      event: 'estate.changed',
    })
  }

  it('a replayed webhook URL does not run the handler again; a failed run is released', async () => {
    const s = setup()
    const url = await hookUrl(s.h)
    s.failNext()
    expect((await s.h.request(url, { headers: fetchHeaders })).status).toBe(500)
    const ok = await s.h.request(url, { headers: fetchHeaders })
    expect(await ok.json()).toEqual({ ran: true })
    const replay = await s.h.request(url, { headers: fetchHeaders })
    expect(replay.status).toBe(200)
    expect(await replay.json()).toEqual({ repeated: true })
    expect(s.runs()).toBe(2)
  })

  it('webhookOnce: false turns the guard off', async () => {
    const s = setup({ webhookOnce: false })
    const url = await hookUrl(s.h)
    for (let i = 0; i < 3; i++)
      expect(await (await s.h.request(url, { headers: fetchHeaders })).json()).toEqual({
        ran: true,
      })
    expect(s.runs()).toBe(3)
    expect(() => setup({ webhookOnce: 'yes' })).toThrow(/webhookOnce/)
  })
})
