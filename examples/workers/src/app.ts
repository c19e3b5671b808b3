/**
 * The "Exposé helper": an onOffice Marketplace service on Cloudflare Workers. onOffice opens it for a property;
 * it shows the property in the launched language with the customer's CI colour and logo and the user's photo,
 * saves an edited free text back (in that language version), and sells a "premium exposé" and an "Exposé-Abo"
 * (a subscription) through signed orders. It lists what the customer bought (the kit's purchase ledger), refunds
 * a purchase (`transactionRefund`, the provider's own API user), cancels a subscription (`marketplaceCancelAbo`)
 * and answers onOffice's webhook for a property.
 */
import { Hono } from 'hono'
import { createClient, createProviderClient, OnOfficeApiError } from 'onoffice-kit'
import {
  onOffice,
  type OnOfficeEnv,
  callback,
  order,
  purchases,
  serviceMessage,
  webhook,
} from 'onoffice-kit/hono'
import {
  cloudflareKv,
  durableObjectKv,
  type DurableObjectNamespaceLike,
  type KVNamespaceLike,
} from 'onoffice-kit/cloudflare'
import {
  estateWrite,
  fieldLabels,
  readEstate,
  writeEstate,
  type FieldLanguage,
} from './onoffice-fields.ts'
import { callbackPage, exposeSvg, servicePage, type PageTexts } from './pages.ts'

/** Worker bindings: `wrangler.toml` vars, secrets (`wrangler secret put`, `.dev.vars` locally), the KV namespace and the Durable Object. */
export type Bindings = {
  /** Installation records: read on every launch, written rarely — what Workers KV is made for. */
  ONOFFICE_KV: KVNamespaceLike
  /** The once-only marks (payment callbacks): the kit's Durable Object, strongly consistent (wrangler.toml). */
  ONOFFICE_STORE: DurableObjectNamespaceLike
  /** The origin onOffice calls, e.g. `https://expose.example` (signed URLs are checked against it). */
  PUBLIC_URL: string
  /** onOffice API `api.php`; unset = production. `npm run dev` points it at the local fake. */
  ONOFFICE_ENDPOINT?: string
  PROVIDER_SECRET: string
  SESSION_SECRET: string
  ENCRYPTION_KEY: string
  /** The provider's own API user (its provider client): refunds. Unset = the service offers no refunds. */
  PROVIDER_API_TOKEN?: string
  PROVIDER_API_SECRET?: string
}

type AppEnv = OnOfficeEnv<{ Bindings: Bindings }>

/** The free text the service edits, and the product it sells. */
export const TEXT_FIELD = 'objektbeschreibung'
export const PREMIUM = {
  name: 'Premium-Exposé',
  price: '19.90',
  quantity: 1,
  circleofusers: 'customer',
} as const
/** The subscription it sells: billed monthly, the first month at once (reference §4.7). */
export const ABO = {
  monthlyservicedescription: 'Exposé-Abo',
  monthlycosts: '9.90',
  durationinmonth: 12,
  noticeperiod: '1 Monat zum Laufzeitende',
  automaticrenewal: '12 Monate',
  circleofusers: 'customer',
} as const
export const MAX_TEXT = 4000

export interface ExposeHelperOptions {
  /** Origins allowed to frame the service. Default: onOffice's hosts. `npm run dev` adds the local simulator. */
  frameAncestors?: readonly string[]
  /** `fetch` for onOffice API calls (tests pass the fake's). Default: the global `fetch`. */
  fetch?: typeof fetch
}

const TEXTS: Record<'de' | 'en', PageTexts> = {
  de: {
    name: 'Exposé-Assistent',
    tooLong: `Nicht gespeichert: Die Beschreibung ist zu lang (höchstens ${MAX_TEXT} Zeichen).`,
    description: 'Beschreibung',
    save: 'Speichern',
    saved: 'Gespeichert',
    premium: 'Premium-Exposé',
    premiumText: 'Druckfertiges Exposé im CI Ihres Unternehmens',
    buy: 'Premium-Exposé kaufen',
    relaunch: 'Sitzung abgelaufen: bitte den Service neu öffnen.',
    failed: 'Fehlgeschlagen',
    paid: 'Kauf bestätigt',
    pending: 'Zahlung in Bearbeitung (SEPA)',
    payError: 'Zahlung fehlgeschlagen',
    repeated: 'Bereits verarbeitet',
    transaction: 'Transaktion',
    noEstate: 'Dieser Service wird an einer Immobilie geöffnet.',
    saveExpose: 'Exposé speichern',
    exposeSaved: 'Exposé gespeichert',
    exposeTitle: 'Exposé',
    abo: 'Exposé-Abo',
    aboText: 'Jeden Monat druckfertige Exposés für alle Immobilien, 12 Monate',
    subscribe: 'Exposé-Abo abschließen',
    perMonth: 'Monat',
    yours: 'Ihre Käufe',
    none: 'Noch nichts gekauft.',
    subscription: 'Abo',
    refund: 'Erstatten',
    refunded: 'Erstattet',
    noRefunds:
      'Erstattungen sind nicht eingerichtet (PROVIDER_API_TOKEN / PROVIDER_API_SECRET fehlen).',
    cancel: 'Kündigen',
    cancelledFrom: 'Gekündigt zum',
  },
  en: {
    name: 'Exposé helper',
    tooLong: `Not saved: the description is too long (at most ${MAX_TEXT} characters).`,
    description: 'Description',
    save: 'Save',
    saved: 'Saved',
    premium: 'Premium exposé',
    premiumText: 'A print-ready exposé in your company design',
    buy: 'Buy premium exposé',
    relaunch: 'Session expired: please open the service again.',
    failed: 'Failed',
    paid: 'Purchase confirmed',
    pending: 'Payment in process (SEPA)',
    payError: 'Payment failed',
    repeated: 'Already processed',
    transaction: 'Transaction',
    noEstate: 'Open this service on a property.',
    saveExpose: 'Save exposé',
    exposeSaved: 'Exposé saved',
    exposeTitle: 'Exposé',
    abo: 'Exposé subscription',
    aboText: 'Print-ready exposés for every property each month, 12 months',
    subscribe: 'Subscribe',
    perMonth: 'month',
    yours: 'Your purchases',
    none: 'Nothing bought yet.',
    subscription: 'Subscription',
    refund: 'Refund',
    refunded: 'Refunded',
    noRefunds: 'Refunds are not set up (PROVIDER_API_TOKEN / PROVIDER_API_SECRET missing).',
    cancel: 'Cancel',
    cancelledFrom: 'Cancelled from',
  },
}

/** The UI language follows the user's enterprise language (`UserLanguage`); the property keeps its own. */
/** Select fields the page shows by label. */
const FACT_FIELDS = ['objektart', 'vermarktungsart'] as const

/** Label of each shown select field and of its value, in `language`. */
function factsOf(
  values: ReturnType<typeof readEstate>['values'],
  language: FieldLanguage,
): Array<{ label: string; value: string }> {
  const labels = fieldLabels[language].estate.fields
  const out: Array<{ label: string; value: string }> = []
  for (const field of FACT_FIELDS) {
    const key = values[field]
    const valueLabels: Readonly<Record<string, string>> = labels[field].values
    if (key) out.push({ label: labels[field].label, value: valueLabels[key] ?? key })
  }
  return out
}

const textsFor = (userLanguage: string | null | undefined): PageTexts =>
  userLanguage === 'DEU' || userLanguage === 'de' ? TEXTS.de : TEXTS.en

/** The last day of the current month (UTC), `YYYY-MM-DD`: a cancelled subscription runs until then. */
function endOfMonth(now: number): string {
  const d = new Date(now)
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10)
}

/**
 * Builds the Exposé helper. `frameAncestors` is a construction-time option of `onOffice()`, so the Worker entry
 * (index.ts) builds the app on its first request, when `env` is known.
 */
export function createExposeHelper(options: ExposeHelperOptions = {}): Hono<AppEnv> {
  const oo = onOffice<{ Bindings: Bindings }>({
    client: createClient,
    publicUrl: (c) => c.env.PUBLIC_URL,
    providerSecret: (c) => c.env.PROVIDER_SECRET,
    sessionSecret: (c) => c.env.SESSION_SECRET,
    encryptionKey: (c) => c.env.ENCRYPTION_KEY,
    kv: (c) => cloudflareKv(c.env.ONOFFICE_KV),
    onceKv: (c) => durableObjectKv(c.env.ONOFFICE_STORE),
    serviceName: 'Exposé-Assistent',
    endpoint: (c) => c.env.ONOFFICE_ENDPOINT ?? 'https://api.onoffice.de/api/stable/api.php',
    ...(options.frameAncestors ? { frameAncestors: options.frameAncestors } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })

  const app = new Hono<AppEnv>()
  app.get('/', (c) =>
    c.text('Exposé helper — an onOffice Marketplace service. onOffice opens /onoffice/service.'),
  )
  app.route('/onoffice', oo.routes()) // GET + POST /onoffice/activate
  app.use('/onoffice/service', oo.frameHeaders())
  app.use('/onoffice/service/*', oo.frameHeaders())

  // The launch: verified signed URL → c.var.onoffice with the claim-bound client and the bound estate.
  app.get('/onoffice/service', oo.launch(), async (c) => {
    const { estate, client, userId, customerName, sessionToken, userLanguage } = c.var.onoffice
    const t = textsFor(userLanguage)
    // Three reads, one request (the client batches them). CI and photo need extra rights: degrade without them.
    const bought = purchases(c)
    const [record, settings, photo, entitlements, subscriptions] = await Promise.all([
      estate ? estate.get({ data: ['objekttitel', TEXT_FIELD, 'ort', ...FACT_FIELDS] }) : null,
      client.settings.basic().catch(() => null),
      client.users.photo(userId).catch(() => null),
      bought.entitlements(),
      bought.subscriptions(),
    ])
    const cancelled = new Map(subscriptions.map((s) => [s.aboId, s.cancelationDate]))
    // Select fields arrive as keys (`haus`); show their labels in the user's language (generated fieldLabels).
    const language: FieldLanguage = t === TEXTS.de ? 'DEU' : 'ENG'
    const facts = record ? factsOf(readEstate(record.elements).values, language) : []
    return c.html(
      servicePage({
        t,
        lang: t === TEXTS.de ? 'de' : 'en',
        customerName,
        estate:
          estate && record
            ? {
                id: estate.id,
                language: estate.language,
                title: String(record.elements.objekttitel ?? ''),
                text: String(record.elements[TEXT_FIELD] ?? ''),
                city: String(record.elements.ort ?? ''),
                facts,
              }
            : null,
        color: settings?.color,
        logo: settings?.logo,
        photo,
        sessionToken,
        price: PREMIUM.price,
        abo: { price: ABO.monthlycosts },
        purchases: entitlements.map((e) => ({
          product: e.product,
          transactionId: e.transactionId,
          aboId: e.aboId ?? null,
          cancelationDate: e.aboId ? (cancelled.get(e.aboId) ?? null) : null,
        })),
        refunds: Boolean(c.env.PROVIDER_API_TOKEN && c.env.PROVIDER_API_SECRET),
      }),
    )
  })

  // The iframe's own requests carry the session token (no third-party cookies).
  app.post('/onoffice/service/api/text', oo.session(), async (c) => {
    const { estate, userLanguage } = c.var.onoffice
    if (!estate)
      return c.json({ error: 'no_estate', message: textsFor(userLanguage).noEstate }, 400)
    const body = await c.req.json<{ text?: unknown }>().catch(() => ({ text: undefined }))
    if (typeof body.text !== 'string')
      return c.json({ error: 'bad_request', message: textsFor(userLanguage).failed }, 400)
    // Say why, in the user's language: the page shows `message` next to the button.
    if (body.text.length > MAX_TEXT)
      return c.json({ error: 'text_too_long', message: textsFor(userLanguage).tooLong }, 400)
    // The generated validator checks the write against the customer's field configuration before anything is sent.
    const write = estateWrite.safeParse({ [TEXT_FIELD]: body.text })
    if (!write.success)
      return c.json({ error: 'invalid', message: textsFor(userLanguage).failed }, 400)
    await estate.modify(writeEstate(write.data)) // sent with estatelanguage = the launched language
    return c.json({ ok: true })
  })

  // "Exposé speichern": a one-page exposé (SVG) of the property in its launched language, uploaded to the
  // property's files as Art 'Expose' — streamed in blocks by the kit, never retried, nothing linked on failure.
  app.post('/onoffice/service/api/expose', oo.session(), async (c) => {
    const { estate, userLanguage, customerName } = c.var.onoffice
    const t = textsFor(userLanguage)
    if (!estate) return c.json({ error: 'no_estate', message: t.noEstate }, 400)
    const record = await estate.get({
      data: ['objekttitel', TEXT_FIELD, 'ort', 'kaufpreis', 'wohnflaeche'],
    })
    if (!record) return c.json({ error: 'no_estate', message: t.noEstate }, 404)
    const e = record.elements
    const svg = exposeSvg({
      lang: estate.language ?? 'DEU',
      customerName,
      estateId: estate.id,
      title: String(e.objekttitel ?? ''),
      text: String(e[TEXT_FIELD] ?? ''),
      city: String(e.ort ?? ''),
      price: String(e.kaufpreis ?? ''),
      area: String(e.wohnflaeche ?? ''),
    })
    const file = `expose-${estate.id}-${(estate.language ?? 'DEU').toLowerCase()}.svg`
    const { fileId } = await estate.upload({
      file,
      Art: 'Expose',
      title: `${t.exposeTitle} ${String(e.objekttitel ?? '')}`.trim(),
      data: new TextEncoder().encode(svg),
    })
    return c.json({ ok: true, fileId, file, message: t.exposeSaved })
  })

  // The order is signed here, with the provider secret; the browser only forwards it to onOffice.
  // `{ item: 'abo' }` orders the subscription, anything else the premium exposé.
  app.post('/onoffice/service/api/order', oo.session(), async (c) => {
    const { estate, userLanguage } = c.var.onoffice
    const body = await c.req.json<{ item?: unknown }>().catch(() => ({ item: undefined }))
    const abo = body.item === 'abo'
    const callback = new URLSearchParams({
      lang: textsFor(userLanguage) === TEXTS.de ? 'de' : 'en',
      ...(estate ? { estateId: estate.id } : {}),
      ...(abo ? { item: 'abo' } : {}),
    })
    const callbackUrl = `/onoffice/service/paid?${callback}`
    return c.json(
      await (abo
        ? order(c, { abo: ABO, callbackUrl })
        : order(c, { products: [PREMIUM], callbackUrl })),
    )
  })

  // Refund: onOffice first (the provider's own API user), then the ledger ends the entitlement. The answer
  // carries a signed refreshParent so onOffice's page shows the refund too.
  app.post('/onoffice/service/api/refund', oo.session(), async (c) => {
    const t = textsFor(c.var.onoffice.userLanguage)
    const body = await c.req
      .json<{ transactionId?: unknown }>()
      .catch(() => ({ transactionId: undefined }))
    const transactionId = typeof body.transactionId === 'string' ? body.transactionId : ''
    const bought = purchases(c)
    if (transactionId === '' || (await bought.get(transactionId)) === null)
      return c.json({ error: 'not_found', message: t.failed }, 404)
    if (!c.env.PROVIDER_API_TOKEN || !c.env.PROVIDER_API_SECRET)
      return c.json({ error: 'no_refunds', message: t.noRefunds }, 501)
    try {
      await createProviderClient({
        token: c.env.PROVIDER_API_TOKEN,
        secret: c.env.PROVIDER_API_SECRET,
        endpoint: c.env.ONOFFICE_ENDPOINT ?? 'https://api.onoffice.de/api/stable/api.php',
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }).refundTransaction(transactionId)
    } catch (err) {
      // 210: SEPA still in process or younger than 7 days, or already refunded — the hint says which.
      if (err instanceof OnOfficeApiError)
        return c.json({ error: 'refused', message: `${t.failed}: ${err.hint ?? err.message}` }, 409)
      throw err
    }
    await bought.recordRefund(transactionId)
    return c.json({
      ok: true,
      message: `${t.refunded} (${t.transaction} ${transactionId})`,
      refresh: await serviceMessage(c, 'onOffice.service.refreshParent'),
    })
  })

  // Cancel a subscription (customers cannot cancel inside onOffice): no debits after this month.
  app.post('/onoffice/service/api/cancel', oo.session(), async (c) => {
    const t = textsFor(c.var.onoffice.userLanguage)
    const body = await c.req.json<{ aboId?: unknown }>().catch(() => ({ aboId: undefined }))
    const aboId = typeof body.aboId === 'string' ? body.aboId : ''
    const bought = purchases(c)
    if (aboId === '' || !(await bought.subscriptions()).some((s) => s.aboId === aboId))
      return c.json({ error: 'not_found', message: t.failed }, 404)
    const cancelationDate = endOfMonth(Date.now())
    await c.var.onoffice.client.marketplace.cancelSubscription({ aboId, cancelationDate })
    await bought.recordCancellation(aboId, cancelationDate)
    return c.json({
      ok: true,
      cancelationDate,
      message: `${t.cancelledFrom} ${cancelationDate}`,
      refresh: await serviceMessage(c, 'onOffice.service.refreshParent'),
    })
  })

  // onOffice's webhook for a property (a signed GET, like a launch): the kit verifies it, runs this once per
  // delivery and hands over a claim-bound client. Answer quickly; long work belongs in waitUntil or a queue.
  app.get('/onoffice/webhook', webhook(oo), async (c) => {
    const { estate } = c.var.onoffice
    const record = estate ? await estate.get({ data: ['objekttitel'] }) : null
    return c.json({
      ok: true,
      estateId: estate?.id ?? null,
      title: record ? String(record.elements.objekttitel ?? '') : null,
    })
  })

  // onOffice loads the signed callback URL in the iframe after checkout.
  app.get('/onoffice/service/paid', callback(oo), (c) => {
    const { payment, params } = c.var.onoffice
    return c.html(
      callbackPage({
        t: params.lang === 'de' ? TEXTS.de : TEXTS.en,
        lang: params.lang === 'de' ? 'de' : 'en',
        payment,
        estateId: params.estateId ?? null,
        item: params.item === 'abo' ? 'abo' : 'premium',
      }),
    )
  })
  return app
}
