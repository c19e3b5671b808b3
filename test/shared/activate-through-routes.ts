// Activates a customer through the app's own activation routes (signed GET page → POST with the API key), as
// onOffice and the admin would: onoffice-kit/testing's activate(). Runner-agnostic (throws), so workerd, Deno and
// Node tests share it.
import type { createFakeOnOffice } from '../../src/testing/index.ts'
import { activate } from '../../src/testing/index.ts'

type Fake = ReturnType<typeof createFakeOnOffice>

/** Runs the activation of `customerWebId` against `app` mounted with `oo.routes()` at `/onoffice`. */
export async function activateThroughRoutes(
  app: { request(url: string, init?: RequestInit): Response | Promise<Response> },
  fake: Fake,
  opts: { publicUrl: string; secret: string; customerWebId: string; userId: string },
): Promise<void> {
  await activate(app, fake, { ...opts, customerName: 'Muster GmbH' })
}
