import { describe, expect, it, vi } from 'vitest'
import type { PublicInstallation } from '../../src/hono/index.ts'
import { createHarness, useCanary } from './helpers.ts'

useCanary()

describe('lifecycle hooks', () => {
  it('onActivated fires once for a new customer, onReactivated with the previous record on the next activation', async () => {
    const activated: PublicInstallation[] = []
    const reactivated: [PublicInstallation, PublicInstallation][] = []
    const h = createHarness({
      onActivated: (i) => void activated.push(i),
      onReactivated: (i, previous) => void reactivated.push([i, previous]),
    })
    await h.activate('9001')
    expect(activated).toHaveLength(1)
    expect(activated[0]).toMatchObject({ customerWebId: '9001', status: 'active' })
    expect(activated[0]).not.toHaveProperty('apiToken')
    expect(activated[0]).not.toHaveProperty('apiSecret')
    expect(reactivated).toEqual([])

    h.advance(60)
    await h.activate('9001')
    expect(activated).toHaveLength(1)
    expect(reactivated).toHaveLength(1)
    const [now, previous] = reactivated[0]!
    expect(previous.activatedAt).toBeLessThan(now.activatedAt)
    expect(now).not.toHaveProperty('apiSecret')
  })

  it('the same activation posted twice at once (a double click) fires onActivated once and answers active twice', async () => {
    const activated: PublicInstallation[] = []
    const reactivated: PublicInstallation[] = []
    const h = createHarness({
      onActivated: (i) => void activated.push(i),
      onReactivated: (i) => void reactivated.push(i),
    })
    const { token, act } = await h.openActivation('9002')
    const body = { activation: token, apiKey: act.apiKey }
    const answers = await Promise.all([h.postActivation(body), h.postActivation(body)])
    expect(answers.map((r) => r.status)).toEqual([200, 200])
    expect(activated.map((i) => i.customerWebId)).toEqual(['9002'])
    expect(reactivated).toEqual([])

    // A new activation of the same customer (a new parameterCacheId) is a re-activation again.
    h.advance(60)
    await h.activate('9002')
    expect(reactivated.map((i) => i.customerWebId)).toEqual(['9002'])
  })

  it('a throwing hook is logged and the activation still answers active', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const h = createHarness({
        onActivated: () => {
          throw new Error('crm down')
        },
      })
      // h.activate asserts the POST answered 200 `active`.
      await h.activate('9003')
      expect((await h.store().get('9003'))?.status).toBe('active')
      expect(errors.mock.calls.flat().join(' ')).toMatch(/onActivated hook failed/)
    } finally {
      errors.mockRestore()
    }
  })

  it('onBlocked fires once when onOffice first reports the installation dead, with the code', async () => {
    const blocked: [PublicInstallation, { code: number | undefined }][] = []
    const h = createHarness({ onBlocked: (i, reason) => void blocked.push([i, reason]) })
    await h.activate('9004')
    h.fake.block('9004')
    expect((await h.launch('9004', { estateId: 1 })).status).toBe(409)
    expect((await h.launch('9004', { estateId: 1 })).status).toBe(409)
    expect(blocked).toHaveLength(1)
    expect(blocked[0]![0]).toMatchObject({ customerWebId: '9004', status: 'blocked' })
    expect(blocked[0]![1]).toEqual({ code: 48 })
  })

  it('isRegularCustomer decides the unlock flag (stored on the installation); a throwing one counts as false', async () => {
    const h = createHarness({ isRegularCustomer: (p) => p.customerWebId === '9005' })
    await h.activate('9005')
    await h.activate('9006')
    expect((await h.store().get('9005'))?.isRegularCustomer).toBe(true)
    expect((await h.store().get('9006'))?.isRegularCustomer).toBe(false)
  })

  it('hooks must be functions', () => {
    expect(() => createHarness({ onBlocked: 'x' as never })).toThrow(/onBlocked/)
  })
})
