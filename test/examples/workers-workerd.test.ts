// examples/workers as Cloudflare builds it: bundled by wrangler from the root wrangler.toml (no nodejs_compat),
// then run inside workerd through Miniflare with a real KV binding. Outbound fetches (the onOffice API) go to
// the fake in this process. Full flow: activation → ENG launch → save → signed order → verified callback.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Miniflare, Response as MfResponse } from 'miniflare'
import { signUrl } from 'onoffice-kit'
import { createFakeOnOffice } from 'onoffice-kit/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  activate,
  ENCRYPTION_KEY,
  launchUrl,
  PROVIDER_SECRET,
  SESSION_SECRET,
  sessionFrom,
} from './helpers.ts'

const PUBLIC_URL = 'https://expose.example'
const out = mkdtempSync(join(tmpdir(), 'onoffice-worker-bundle-'))
const fake = createFakeOnOffice()
let mf: Miniflare

beforeAll(() => {
  const build = spawnSync(
    process.execPath,
    [
      'node_modules/wrangler/bin/wrangler.js',
      'deploy',
      '--dry-run',
      '--outdir',
      out,
      '--config',
      'wrangler.toml',
    ],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: 'false',
        CI: 'true',
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      },
    },
  )
  if (build.status !== 0)
    throw new Error(`wrangler build failed:\n${build.stdout}\n${build.stderr}`)
  mf = new Miniflare({
    modules: true,
    script: readFileSync(join(out, 'index.js'), 'utf8'),
    compatibilityDate: '2026-04-01', // as wrangler.toml; no compatibility flags (no nodejs_compat)
    cf: false,
    kvNamespaces: ['ONOFFICE_KV'],
    durableObjects: { ONOFFICE_STORE: { className: 'OnOfficeStoreObject', useSQLite: true } }, // as wrangler.toml
    bindings: {
      PUBLIC_URL,
      ONOFFICE_ENDPOINT: fake.endpoint,
      PROVIDER_SECRET,
      SESSION_SECRET,
      ENCRYPTION_KEY,
    },
    // Every outbound fetch of the Worker is an onOffice API call here: answer it with the in-process fake.
    outboundService: async (request: {
      url: string
      method: string
      headers: Iterable<[string, string]>
      arrayBuffer(): Promise<ArrayBuffer>
    }) => {
      const body =
        request.method === 'GET' || request.method === 'HEAD'
          ? undefined
          : await request.arrayBuffer()
      const res = await fake.fetch(request.url, {
        method: request.method,
        headers: [...request.headers],
        ...(body ? { body } : {}),
      })
      return new MfResponse(await res.arrayBuffer(), {
        status: res.status,
        headers: [...res.headers],
      })
    },
  })
}, 60_000)

afterAll(async () => {
  await mf?.dispose()
  rmSync(out, { recursive: true, force: true })
})

async function request(url: string, init?: RequestInit): Promise<Response> {
  const res = await mf.dispatchFetch(url, init as never)
  return new Response(await res.arrayBuffer(), {
    status: res.status,
    headers: [...res.headers] as [string, string][],
  })
}

describe('examples/workers inside workerd (wrangler bundle, no nodejs_compat)', () => {
  it('the bundle uses no Node built-ins', () => {
    expect(readFileSync(join(out, 'index.js'), 'utf8')).not.toMatch(
      /from\s*["']node:|require\(["']node:/,
    )
  })

  it('activation → launch (ENG) → save → order → callback', async () => {
    await activate(request, fake, PUBLIC_URL)
    const { url, claim } = await launchUrl(fake, PUBLIC_URL, {
      estateId: 1,
      language: 'ENG',
      parameterCacheId: 'pc-workerd-1',
    })
    const page = await (await request(url)).text()
    expect(page).toContain(`<h1 id="title">${fake.estates.get(1)!.texts.ENG!.objekttitel}</h1>`)
    const session = sessionFrom(page)

    fake.clearReceived()
    const saved = await request(`${PUBLIC_URL}/onoffice/service/api/text`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
      body: '{"text":"Written from workerd"}',
    })
    expect(saved.status).toBe(200)
    const modify = fake.receivedActions({ kind: 'modify', resourcetype: 'estate' })[0]!
    expect(modify.parameters).toMatchObject({ estatelanguage: 'ENG' })
    expect(modify.claimIs(claim)).toBe(true)

    const order = (await (
      await request(`${PUBLIC_URL}/onoffice/service/api/order`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session}` },
      })
    ).json()) as { parametercacheid: string; callbackurl: string }
    expect(order.parametercacheid).toBe('pc-workerd-1')
    const tx = fake.createTransaction({ customerWebId: '12345', userId: '17', amount: '19.90' })
    const cb = new URL(order.callbackurl)
    cb.searchParams.set('status', 'success')
    cb.searchParams.set('transactionid', tx.transactionId)
    const paid = await (await request(await signUrl(cb, PROVIDER_SECRET))).text()
    expect(paid).toContain('data-status="success"')
    expect(paid).toContain(tx.transactionId)
  }, 30_000) // workerd round trips (KV, the Durable Object, the fake) on a shared machine exceed vitest's 5 s default
})
