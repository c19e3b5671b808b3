// Shared steps of the example tests: a KV binding over memoryKv, and the activation as onOffice drives it.
import {
  OnOfficeStoreObject,
  type DurableObjectNamespaceLike,
  type DurableObjectStorageLike,
  type DurableObjectTransactionLike,
  type KVNamespaceLike,
} from 'onoffice-kit/cloudflare'
import type { KeyValue } from 'onoffice-kit'
import {
  activate as activateApp,
  launchUrl as signedLaunchUrl,
  type FakeOnOffice,
} from 'onoffice-kit/testing'
import { expect } from 'vitest'

export const PROVIDER_SECRET = 'example-provider-secret-Zk3q9w7Xb2LmN8pQ'
export const SESSION_SECRET = 'example-session-secret-0123456789abcdefghij'
export const ENCRYPTION_KEY = 'example-encryption-key-0123456789abcdefghij'

/** A Workers KV binding (the part cloudflareKv uses) backed by a KeyValue. */
export function kvBinding(kv: KeyValue): KVNamespaceLike {
  return {
    get: (key) => kv.get(key),
    put: (key, value, o) =>
      kv.put(key, value, o?.expirationTtl ? { ttlSec: o.expirationTtl } : undefined),
    delete: (key) => kv.delete(key),
    async list({ prefix, cursor, limit }) {
      const page = await kv.list(prefix ?? '', { cursor: cursor ?? null, limit: limit ?? 1000 })
      const keys = page.keys.map((name) => ({ name }))
      return page.cursor === null
        ? { list_complete: true, keys }
        : { list_complete: false, keys, cursor: page.cursor }
    },
  }
}

/**
 * A Durable Object namespace for Node tests: each name gets the kit's real `OnOfficeStoreObject` over an
 * in-memory storage whose transactions run one at a time (as in the single-threaded object). Alarms are recorded,
 * never fired — TTLs still hold, the object checks them on read.
 */
export function durableObjectBinding(): DurableObjectNamespaceLike<string> {
  const objects = new Map<string, OnOfficeStoreObject>()
  return {
    idFromName: (name) => name,
    get: (id) => ({
      async fetch(url, init) {
        let object = objects.get(id)
        if (!object)
          objects.set(id, (object = new OnOfficeStoreObject({ storage: memoryStorage() })))
        return object.fetch(new Request(url, init))
      },
    }),
  }
}

function memoryStorage(): DurableObjectStorageLike {
  const data = new Map<string, unknown>()
  let alarm: number | null = null
  let queue: Promise<unknown> = Promise.resolve()
  const ops: DurableObjectTransactionLike = {
    get: async (key) => structuredClone(data.get(key)),
    put: async (key, value) => void data.set(key, structuredClone(value)),
    delete: async (key) => data.delete(key),
    getAlarm: async () => alarm,
    setAlarm: async (at) => void (alarm = at),
  }
  return {
    ...ops,
    async list({ prefix = '', startAfter, end, limit = Number.POSITIVE_INFINITY }) {
      const keys = [...data.keys()]
        .filter(
          (k) =>
            k.startsWith(prefix) &&
            (startAfter === undefined || k > startAfter) &&
            (end === undefined || k < end),
        )
        .sort()
      return new Map(keys.slice(0, limit).map((k) => [k, structuredClone(data.get(k))]))
    },
    transaction<T>(closure: (txn: DurableObjectTransactionLike) => Promise<T>): Promise<T> {
      const run = queue.then(() => closure(ops))
      queue = run.catch(() => undefined)
      return run
    },
  }
}

type Requester = (url: string, init?: RequestInit) => Response | Promise<Response>

/** onOffice opens the signed activation URL; the admin pastes the API key; the page answers `active`. */
export async function activate(
  request: Requester,
  fake: FakeOnOffice,
  publicUrl: string,
  customerWebId = '12345',
  userId = '17',
): Promise<{ apiKey: string; apiToken: string }> {
  const a = await activateApp({ request }, fake, {
    publicUrl,
    secret: PROVIDER_SECRET,
    customerWebId,
    customerName: 'Muster Immobilien GmbH & Co. KG',
    userId,
  })
  expect(a.answer.text).toBe('active')
  expect(fake.isActivated(customerWebId)).toBe(true)
  return { apiKey: a.apiKey, apiToken: a.apiToken }
}

/** A signed service URL for estate `estateId` in `language`, with a fresh claim; returns both. */
export async function launchUrl(
  fake: FakeOnOffice,
  publicUrl: string,
  opts: {
    estateId: number
    language: string
    path?: string
    parameterCacheId?: string
    userLanguage?: string
  },
) {
  const claim = fake.issueClaim('12345', '17')
  const url = await signedLaunchUrl(fake, {
    publicUrl,
    secret: PROVIDER_SECRET,
    path: opts.path ?? '/onoffice/service',
    customerWebId: '12345',
    userId: '17',
    customerName: 'Muster Immobilien GmbH & Co. KG',
    apiClaim: claim,
    parameterCacheId: opts.parameterCacheId ?? 'pc-example-1',
    params: {
      estateId: opts.estateId,
      language: opts.language,
      UserLanguage: opts.userLanguage ?? 'DEU',
    },
  })
  return { url, claim }
}

/** The session token the service page embeds for its own requests. */
export function sessionFrom(page: string): string {
  const token = /const SESSION = "([^"]+)"/.exec(page)?.[1]
  if (!token) throw new Error('no session token on the service page')
  return token
}
