import type { Context } from 'hono'
import { OnOfficeApiError } from '../../api/index.ts'
import { readJsonObject } from '../../core/body.ts'
import { unlockProvider } from '../../api/resources/marketplace.ts'
import { kitClient } from '../context.ts'
import { mintToken, verifyToken } from '../../marketplace/index.ts'
import { publicPathOf } from '../../marketplace/signed-url.ts'
import { isDocumentRequest } from '../failure.ts'
import type { Lang } from '../i18n.ts'
import { langOf } from '../i18n.ts'
import type { Installation } from '../../store/index.ts'
import { activatedOnceKey, firstTime, publicInstallationOf, runHook } from '../lifecycle.ts'
import { log } from '../log.ts'
import { activationDonePage, activationPage } from '../pages/activation.ts'
import type { Runtime } from '../runtime.ts'
import { verifyRequest } from '../verify.ts'
import { newNonce, pagePolicy } from '../pages/layout.ts'

/** What the activation token carries: the verified activation parameters (encrypted; never readable by the browser). */
interface ActivationPayload {
  customerWebId: string
  customerName: string
  userId: string
  apiToken: string
  apiClaim: string
  parameterCacheId: string
  lang: Lang
}

/** The largest body `POST /activate` reads (16 KiB): the activation token and the API key need about 2 KiB. */
export const ACTIVATE_MAX_BODY_BYTES = 16 * 1024

const API_TOKEN_LENGTH = 32
const API_KEY_LENGTH = 64

// What an API key never contains: whitespace inside, control or non-ASCII characters (a paste of a whole line).
const KEY_CHARS = /^[\x21-\x7e]+$/

function pageHeaders(rt: Runtime, nonce: string): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    // The activation URL carries apiToken and apiClaim: never leak it via Referer (e.g. from the privacy policy link).
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': pagePolicy(nonce, rt.statics.frameAncestors),
  }
}

/** `GET /activate`: verifies onOffice's signed activation URL and renders the activation page. */
export function activationPageHandler(rt: Runtime) {
  return async function onOfficeActivationPage(c: Context): Promise<Response> {
    const config = await rt.config(c)
    const params = await verifyRequest(rt, c, config)
    const lang = rt.lang(c, params.UserLanguage)
    const { customerWebId, userId, apiToken, apiClaim, parameterCacheId } = params
    if (!customerWebId || !userId || !apiToken || !apiClaim || !parameterCacheId)
      throw await rt.fail(c, 'bad_link', { lang })
    if (apiToken.length !== API_TOKEN_LENGTH)
      throw await rt.fail(c, 'api_token_malformed', { lang })
    const payload: ActivationPayload = {
      customerWebId,
      customerName: params.customerName ?? '',
      userId,
      apiToken,
      apiClaim,
      parameterCacheId,
      lang,
    }
    const activationToken = await mintToken(
      'activation',
      { ...payload },
      {
        secret: config.sessionSecret,
        audience: config.publicUrl,
        ttlSec: config.activationTtlSec,
        now: rt.statics.now,
      },
    )
    const nonce = newNonce()
    // The form posts to the public path: behind a proxy that strips publicUrl's path, the request path lacks it.
    const html = activationPage({
      lang,
      action: publicPathOf(new URL(c.req.url).pathname, new URL(config.publicUrl).pathname),
      activationToken,
      customerName: payload.customerName,
      serviceName: config.serviceName,
      privacyPolicyUrl: config.privacyPolicyUrl,
      nonce,
    })
    return new Response(html, { status: 200, headers: pageHeaders(rt, nonce) })
  }
}

async function readBody(c: Context): Promise<Record<string, unknown> | null> {
  const type = c.req.header('content-type') ?? ''
  if (/application\/json/i.test(type)) return readJsonObject(c.req.raw, ACTIVATE_MAX_BODY_BYTES)
  if (!/multipart\/form-data|application\/x-www-form-urlencoded/i.test(type)) return null
  try {
    return await c.req.parseBody()
  } catch {
    return null
  }
}

function isPayload(p: Record<string, unknown>): p is Record<string, unknown> & ActivationPayload {
  return [
    'customerWebId',
    'customerName',
    'userId',
    'apiToken',
    'apiClaim',
    'parameterCacheId',
  ].every((k) => typeof p[k] === 'string')
}

/** `isRegularCustomer` for unlockProvider: the option's answer, `false` without one or when it throws. */
async function regularCustomer(rt: Runtime, c: Context, a: ActivationPayload): Promise<boolean> {
  const decide = rt.hooks.isRegularCustomer
  if (decide === undefined) return false
  try {
    return (
      (await decide(
        {
          customerWebId: a.customerWebId,
          customerName: a.customerName,
          userId: a.userId,
          parameterCacheId: a.parameterCacheId,
        },
        c,
      )) === true
    )
  } catch (err) {
    log('isRegularCustomer failed; unlocking as not a regular customer', err)
    return false
  }
}

/**
 * `POST /activate`: `{ activation, apiKey }` (JSON or form) → `unlockProvider` with the activation claim →
 * only on success the sealed upsert → `200 active`. Any failure writes nothing.
 */
export function activateHandler(rt: Runtime) {
  return async function onOfficeActivate(c: Context): Promise<Response> {
    const config = await rt.config(c)
    const body = await readBody(c)
    if (!body || typeof body.activation !== 'string' || body.activation === '')
      throw await rt.fail(c, 'bad_request')

    const verified = await verifyToken<Record<string, unknown>>('activation', body.activation, {
      secret: config.sessionSecret,
      audience: config.publicUrl,
      now: rt.statics.now,
    })
    if (!verified.ok || !isPayload(verified.payload)) {
      throw await rt.fail(
        c,
        verified.ok
          ? 'activation_invalid'
          : verified.reason === 'expired'
            ? 'activation_expired'
            : 'activation_invalid',
      )
    }
    const a = verified.payload
    const lang: Lang = langOf(a.lang) ?? rt.lang(c)

    // Length checks first, with messages that say what was pasted, before onOffice sees anything.
    const apiKey = typeof body.apiKey === 'string' ? body.apiKey.trim() : ''
    if (apiKey === '') throw await rt.fail(c, 'api_key_missing', { lang })
    if (apiKey === a.apiToken || apiKey.length === API_TOKEN_LENGTH)
      throw await rt.fail(c, 'api_key_is_token', { lang })
    if (!KEY_CHARS.test(apiKey)) throw await rt.fail(c, 'api_key_chars', { lang })
    if (apiKey.length !== API_KEY_LENGTH) throw await rt.fail(c, 'api_key_length', { lang })
    if (a.apiToken.length !== API_TOKEN_LENGTH)
      throw await rt.fail(c, 'api_token_malformed', { lang })

    const isRegularCustomer = await regularCustomer(rt, c, a)
    try {
      // No cache: this client only writes (a cache would bump generations in the KV).
      const client = kitClient(
        rt,
        config,
        { token: a.apiToken, secret: apiKey },
        { customerWebId: a.customerWebId, cacheKv: null },
      )
      // The activation claim is valid only for unlockProvider, and is used for nothing else.
      await unlockProvider(client.withClaim(a.apiClaim).call, {
        parameterCacheId: a.parameterCacheId,
        isRegularCustomer,
      })
    } catch (err) {
      if (err instanceof OnOfficeApiError) {
        log(`unlockProvider refused for customerWebId ${JSON.stringify(a.customerWebId)}`, err)
        throw await rt.fail(c, 'unlock_refused', { lang, cause: err })
      }
      log('unlockProvider failed', err)
      throw await rt.fail(c, 'upstream_unavailable', { lang, cause: err })
    }

    let previous: Installation | null = null
    let saved: Installation
    try {
      // A store that cannot read the old record only costs the hook's distinction (onActivated instead of onReactivated).
      if (rt.hooks.onActivated || rt.hooks.onReactivated) {
        previous = await config.store.get(a.customerWebId).catch((err: unknown) => {
          log('installation store: previous record unreadable', err)
          return null
        })
      }
      // Upsert: a re-activation (after blocking) replaces token and secret (protocol §4.10).
      saved = await config.store.put({
        customerWebId: a.customerWebId,
        customerName: a.customerName,
        status: 'active',
        apiToken: a.apiToken,
        apiSecret: apiKey,
        activatedAt: rt.statics.now(),
        activatedByUserId: a.userId,
        parameterCacheId: a.parameterCacheId,
        isRegularCustomer,
      })
    } catch (err) {
      log('installation store unavailable; activation not saved', err)
      throw await rt.fail(c, 'store_unavailable', { lang })
    }

    const installation = publicInstallationOf(saved)
    // The same activation submitted twice (a double click, a retried POST) runs its hook once; a store that
    // cannot tell lets it run (twice at worst, never not at all). The mark outlives the activation token.
    const hooked = rt.hooks.onActivated !== undefined || rt.hooks.onReactivated !== undefined
    const once = activatedOnceKey(a.customerWebId, a.parameterCacheId)
    if (
      hooked &&
      (await firstTime(config.onceKv, once, config.activationTtlSec + 60, 'onActivated')) !== false
    ) {
      if (previous === null)
        await runHook(
          'onActivated',
          rt.hooks.onActivated && (() => rt.hooks.onActivated?.(installation, c)),
        )
      else {
        const before = publicInstallationOf(previous)
        await runHook(
          'onReactivated',
          rt.hooks.onReactivated && (() => rt.hooks.onReactivated?.(installation, before, c)),
        )
      }
    }

    if (isDocumentRequest(c)) {
      const nonce = newNonce()
      return new Response(activationDonePage(lang, nonce), {
        status: 200,
        headers: pageHeaders(rt, nonce),
      })
    }
    return new Response('active', {
      status: 200,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    })
  }
}
