import { signUrl } from '../marketplace/index.ts'

/** Options of {@link signLaunchUrl}. */
export interface SignLaunchUrlOptions {
  /** Your public origin, as configured in `onOffice({ publicUrl })`, e.g. `https://provider.example`. */
  publicUrl: string
  /** Path of the route, e.g. `/onoffice/activate` or `/service`. */
  path: string
  /** The provider secret onOffice signs with. */
  secret: string
  /** Query parameters as onOffice sends them (`customerWebId`, `userId`, `apiClaim`, `estateId`, …). `undefined` values are skipped. */
  params: Record<string, string | number | undefined>
  /** Clock in milliseconds for `timestamp` (unless `params.timestamp` is given). Default `Date.now`. */
  now?: () => number
}

/**
 * Builds a signed onOffice URL — activation, service launch or webhook — exactly as onOffice would send it, for
 * tests of your routes (`app.request(await signLaunchUrl(...))`).
 * @example
 * ```ts
 * const url = await signLaunchUrl({
 *   publicUrl: 'https://provider.example', path: '/service', secret: PROVIDER_SECRET,
 *   params: { customerWebId: '21', userId: '17', customerName: 'Muster GmbH', apiClaim: fake.issueClaim('21', '17'), estateId: 1, language: 'ENG' },
 * })
 * const res = await app.request(url)
 * ```
 */
export async function signLaunchUrl(options: SignLaunchUrlOptions): Promise<string> {
  const base = options.publicUrl.replace(/\/+$/, '')
  const path = options.path.startsWith('/') ? options.path : `/${options.path}`
  const url = new URL(`${base}${path}`)
  for (const [key, value] of Object.entries(options.params)) {
    if (value !== undefined) url.searchParams.set(key, String(value))
  }
  return signUrl(url, options.secret, options.now ? { now: options.now } : undefined)
}
