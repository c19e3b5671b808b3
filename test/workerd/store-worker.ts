// The `main` of the workerd test Worker (test/workerd/wrangler.jsonc): it exports the kit's Durable Object
// class under the name the binding declares, as a user's entry module must, and answers one putIfAbsent per
// request — so the concurrency tests race real, separate requests, not calls within one.
import {
  d1Kv,
  durableObjectKv,
  OnOfficeStoreObject,
  type D1DatabaseLike,
  type DurableObjectNamespaceLike,
} from '../../adapters/cloudflare.ts'

export { OnOfficeStoreObject }

export default {
  async fetch(
    request: Request,
    env: { TEST_STORE: DurableObjectNamespaceLike; TEST_DB: D1DatabaseLike },
  ): Promise<Response> {
    const url = new URL(request.url)
    const key = url.searchParams.get('key')
    const value = url.searchParams.get('value')
    if (key === null || value === null)
      return new Response('key and value required', { status: 400 })
    const kv = url.pathname === '/d1' ? d1Kv(env.TEST_DB) : durableObjectKv(env.TEST_STORE)
    return Response.json({ won: await kv.putIfAbsent(key, value, { ttlSec: 600 }) })
  },
}
