// Activates a customer through the app's own activation routes (signed GET page → POST with the API key), as
// onOffice and the admin would. Runner-agnostic (throws), so workerd, Deno and Node tests share it.
import type { createFakeOnOffice } from '../../src/testing/index.ts'
import { signLaunchUrl } from '../../src/testing/index.ts'

type Fake = ReturnType<typeof createFakeOnOffice>

/** Runs the activation of `customerWebId` against `app` mounted with `oo.routes()` at `/onoffice`. */
export async function activateThroughRoutes(
  app: { request(url: string, init?: RequestInit): Response | Promise<Response> },
  fake: Fake,
  opts: { publicUrl: string; secret: string; customerWebId: string; userId: string },
): Promise<void> {
  const customerName = 'Muster GmbH'
  const act = await fake.startActivation({
    customerWebId: opts.customerWebId,
    customerName,
    userId: opts.userId,
  })
  const page = await app.request(
    await signLaunchUrl({
      publicUrl: opts.publicUrl,
      path: '/onoffice/activate',
      secret: opts.secret,
      params: {
        apiClaim: act.apiClaim,
        apiToken: act.apiToken,
        customerName,
        customerWebId: opts.customerWebId,
        parameterCacheId: act.parameterCacheId,
        userId: opts.userId,
      },
    }),
  )
  const token = /name="activation" value="([^"]+)"/.exec(await page.text())?.[1]
  if (token === undefined) throw new Error(`activation page ${page.status} without a token`)
  const done = await app.request(`${opts.publicUrl}/onoffice/activate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ activation: token, apiKey: act.apiKey }),
  })
  const text = await done.text()
  if (done.status !== 200 || text !== 'active')
    throw new Error(`activation answered ${done.status} ${JSON.stringify(text.slice(0, 60))}`)
}
