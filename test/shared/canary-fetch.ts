import type { FakeOnOffice } from '../../src/testing/index.ts'

/** Where a canary registers the secrets it must never see in an output. */
export interface CanarySink {
  add(...values: Array<string | null | undefined>): void
}

/**
 * A fetch to the fake onOffice that registers every token, HMAC and extendedclaim the kit sends as canary
 * secrets, so a later leak of any of them into a response, header or log line fails the canary.
 */
export function canaryFetch(fake: FakeOnOffice, canary: CanarySink): typeof fetch {
  return async (input, init) => {
    try {
      const parsed = JSON.parse(typeof init?.body === 'string' ? init.body : '') as {
        token?: string
        request?: { actions?: Array<{ hmac?: string; parameters?: { extendedclaim?: string } }> }
      }
      canary.add(parsed.token)
      for (const a of parsed.request?.actions ?? []) canary.add(a.hmac, a.parameters?.extendedclaim)
    } catch {
      // not JSON: nothing to register
    }
    return fake.fetch(input, init)
  }
}
