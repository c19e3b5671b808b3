/**
 * "Webhook auslösen": onOffice calls the provider's webhook URL for a record (reference §4.9: an HTTP GET with
 * the signed query of a service call — `customerWebId, userId, customerName, apiClaim, parameterCacheId`,
 * the record `estateId`, `timestamp`, `signature`). The simulator's server sends it and reports the answer.
 */
import { signWebhookRequest } from '../../marketplace/index.ts'
import type { ResolvedSimulatorOptions } from './options.ts'

/** Answer of `POST /sim/webhook`. `ok` = the service answered (with any HTTP status). */
export type WebhookResult =
  | {
      ok: true
      estateId: number
      /** The service's HTTP status and status text. */
      status: number
      statusText: string
      /** The first 300 characters of the service's answer. */
      body: string
    }
  | { ok: false; reason: 'unknown_estate' }
  | { ok: false; reason: 'unreachable'; message: string }

const BODY_CHARS = 300
const TIMEOUT_MS = 10_000

/** The first {@link BODY_CHARS} characters of an answer, reading stops once that many have arrived. */
async function startOf(res: Response): Promise<string> {
  const reader = res.body?.getReader()
  if (!reader) return ''
  const decoder = new TextDecoder()
  let text = ''
  try {
    while (text.length < BODY_CHARS) {
      const { done, value } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
    }
  } catch {
    /* a broken answer: show what arrived */
  } finally {
    reader.cancel().catch(() => {})
  }
  return text.slice(0, BODY_CHARS)
}

/** The signed webhook request for a property of the fake, with a fresh claim of the simulated user. */
function webhookRequest(opts: ResolvedSimulatorOptions, estateId: number): Promise<Request> {
  const { customerWebId, customerName, userId, userLanguage, groupId } = opts.customer
  const url = new URL(opts.webhookUrl)
  url.searchParams.delete('timestamp')
  url.searchParams.delete('signature')
  return signWebhookRequest(
    url,
    {
      customerWebId,
      userId,
      customerName,
      apiClaim: opts.fake.issueClaim(customerWebId, userId),
      parameterCacheId: crypto.randomUUID(),
      estateId,
      UserLanguage: userLanguage,
      groupId,
    },
    opts.providerSecret,
    { now: opts.now },
  )
}

/** Sends the signed webhook for `estateId` to the service and returns its status and the start of its answer. */
export async function fireWebhook(
  opts: ResolvedSimulatorOptions,
  estateId: unknown,
): Promise<WebhookResult> {
  const id = typeof estateId === 'string' ? Number(estateId) : estateId
  if (typeof id !== 'number' || !Number.isInteger(id) || !opts.fake.estates.has(id))
    return { ok: false, reason: 'unknown_estate' }
  const request = new Request(await webhookRequest(opts, id), {
    redirect: 'manual',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  })
  let res: Response
  try {
    res = await opts.fetch(request)
  } catch (err) {
    return {
      ok: false,
      reason: 'unreachable',
      message: err instanceof Error ? err.message : String(err),
    }
  }
  const text = await startOf(res)
  return {
    ok: true,
    estateId: id,
    status: res.status,
    statusText: res.statusText,
    body: text,
  }
}
