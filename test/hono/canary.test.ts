import { describe, expect, it } from 'vitest'
import { assertCanary, canary, createHarness, documentHeaders, useCanary } from './helpers.ts'

useCanary()

describe('canary', () => {
  it('can fail: a secret in any captured output is reported', () => {
    const before = canary.outputs.length
    canary.outputs.push({ where: 'synthetic', text: `x ${[...canary.secrets][0]} y` })
    expect(() => assertCanary()).toThrow(/canary: a secret/)
    canary.outputs.splice(before)
  })

  it('sees the credentials of a full activation + launch and the activation page', async () => {
    const h = createHarness()
    const act = await h.activate('9001')
    expect(canary.secrets.has(act.apiKey)).toBe(true)
    expect(canary.secrets.has(act.apiClaim)).toBe(true)
    // hmacs and tokens that went over the wire are registered too
    expect(canary.secrets.size).toBeGreaterThan(6)
    const page = await h.openActivation('9002', { headers: documentHeaders })
    expect(page.html).not.toContain(page.act.apiToken)
    expect(page.html).not.toContain(page.act.apiClaim)
  })
})
