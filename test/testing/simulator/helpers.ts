import { Hono } from 'hono'
import type { TestOnOffice } from '../../hono/helpers.ts'
import { onOffice, callback, order } from '../../../src/hono/index.ts'
import { memoryKv } from '../../../src/store/index.ts'
import { createClient } from '../../../src/api/index.ts'
import {
  activate as activateApp,
  createFakeOnOffice,
  createSimulator,
} from '../../../src/testing/index.ts'
import type { FakeOnOffice, Simulator, SimulatorOptions } from '../../../src/testing/index.ts'

export const PROVIDER_ORIGIN = 'http://127.0.0.1:8788'
export const PROVIDER = `${PROVIDER_ORIGIN}/onoffice`
export const PROVIDER_SECRET = 'sim-provider-secret-7Qx2mN9pLw'
const SESSION_SECRET = 'sim-session-secret-0123456789abcdefghijkl'
const ENCRYPTION_KEY = 'sim-encryption-key-0123456789abcdefghijkl'
export const START = Date.UTC(2026, 2, 2, 9, 0, 0)

export interface World {
  clock: { now: number }
  now: () => number
  fake: FakeOnOffice
  sim: Simulator
  /** The provider's app (onOffice() + memoryKv), answering like a server at PROVIDER_ORIGIN. */
  provider: Hono
  /** Its onOffice() layer: add routes (webhook, refund, cancel) before the first request. */
  oo: TestOnOffice
  providerRequest(url: string, init?: RequestInit): Promise<Response>
  simJson<T = Record<string, unknown>>(
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>
}

/**
 * A provider built with onOffice() that mounts routes() at /onoffice, a service at /onoffice/service that
 * returns the launched estate's title and a signed order, and the payment callback at /onoffice/paid.
 */
export function createWorld(overrides: Partial<SimulatorOptions> = {}): World {
  const clock = { now: START }
  const now = () => clock.now
  const fake = createFakeOnOffice({ now })
  const oo = onOffice({
    client: createClient,
    publicUrl: PROVIDER_ORIGIN,
    providerSecret: PROVIDER_SECRET,
    sessionSecret: SESSION_SECRET,
    encryptionKey: ENCRYPTION_KEY,
    kv: memoryKv({ now }),
    endpoint: fake.endpoint,
    fetch: fake.fetch,
    now,
  })
  const provider = new Hono()
  provider.route('/onoffice', oo.routes())
  provider.get('/onoffice/service', oo.launch(), async (c) => {
    const o = c.var.onoffice
    const estate = o.estate ? await o.estate.get({ data: ['objekttitel'] }) : null
    const product = await order(c, {
      products: [
        { name: 'Premium-Exposé', price: '19.90', quantity: 1, circleofusers: 'customer' },
      ],
      callbackUrl: '/onoffice/paid?ref=7',
    })
    const abo = await order(c, {
      abo: {
        durationinmonth: 12,
        noticeperiod: '3 Monate',
        automaticrenewal: '12 Monate',
        monthlycosts: '9.50',
        monthlyservicedescription: 'Exposé-Abo',
        circleofusers: 'customer',
      },
      callbackUrl: '/onoffice/paid',
    })
    return c.json({
      title: estate?.elements.objekttitel ?? null,
      language: o.language,
      params: o.params,
      order: product,
      abo,
    })
  })
  provider.get('/onoffice/paid', callback(oo), (c) => c.json(c.var.onoffice))
  const sim = createSimulator({
    provider: PROVIDER,
    providerSecret: PROVIDER_SECRET,
    fake,
    now,
    ...overrides,
  })
  return {
    clock,
    now,
    fake,
    sim,
    provider,
    oo,
    providerRequest: async (url, init) => provider.request(url, init),
    async simJson<T>(path: string, body?: unknown) {
      const res = await sim.fetch(
        path,
        body === undefined
          ? { method: 'POST' }
          : {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(body),
            },
      )
      return { status: res.status, body: (await res.json()) as T }
    },
  }
}

/** Runs the activation through the simulator and the provider's real activation page; returns the key. */
export async function activate(w: World): Promise<{ apiKey: string; activationUrl: string }> {
  const { body } = await w.simJson<{ activationUrl: string; apiKey: string }>('/sim/activate')
  // The page → POST → unlockProvider of onoffice-kit/testing, on the URL the simulator signed.
  await activateApp(w.provider, w.fake, { url: body.activationUrl, apiKey: body.apiKey })
  return body
}

export interface LaunchJson {
  title: string | null
  language: string | null
  params: Record<string, string>
  order: Record<string, unknown>
  abo: Record<string, unknown>
}

/** Launches the service on an estate through the simulator and opens it in the provider app. */
export async function launch(
  w: World,
  estateId: number | string,
  language?: string,
): Promise<{ url: string; parameterCacheId: string; json: LaunchJson }> {
  const { status, body } = await w.simJson<{ ok: boolean; url: string; parameterCacheId: string }>(
    '/sim/launch',
    { estateId, language },
  )
  if (status !== 200) throw new Error(`launch refused: ${JSON.stringify(body)}`)
  const res = await w.providerRequest(body.url, { headers: { accept: 'application/json' } })
  if (res.status !== 200)
    throw new Error(`provider refused the launch: ${res.status} ${await res.text()}`)
  return {
    url: body.url,
    parameterCacheId: body.parameterCacheId,
    json: (await res.json()) as LaunchJson,
  }
}
