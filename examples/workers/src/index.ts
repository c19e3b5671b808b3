// The Worker entry: `wrangler dev` / `wrangler deploy` (root wrangler.toml). No nodejs_compat needed.
import type { ExecutionContext } from 'hono'
import { DEFAULT_FRAME_ANCESTORS } from 'onoffice-kit/hono'
import { createExposeHelper, type Bindings } from './app.ts'

// The kit's Durable Object class, exported from the entry module under the class_name of wrangler.toml.
export { OnOfficeStoreObject } from 'onoffice-kit/cloudflare'

type Worker = Bindings & {
  /** Extra origins allowed to frame the service, space-separated (`npm run dev`: the local simulator). */
  FRAME_ANCESTORS?: string
}

let app: ReturnType<typeof createExposeHelper> | undefined

export default {
  fetch(request: Request, env: Worker, ctx: ExecutionContext): Response | Promise<Response> {
    // Built on the first request: frame ancestors come from env, which a Worker only sees here.
    app ??= createExposeHelper(
      env.FRAME_ANCESTORS
        ? {
            frameAncestors: [
              ...DEFAULT_FRAME_ANCESTORS,
              ...env.FRAME_ANCESTORS.split(/\s+/).filter(Boolean),
            ],
          }
        : {},
    )
    return app.fetch(request, env, ctx)
  },
}
