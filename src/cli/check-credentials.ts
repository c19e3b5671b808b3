import {
  createClient,
  OnOfficeApiError,
  OnOfficeResponseError,
  OnOfficeTransportError,
} from '../api/index.ts'
import { fromEnv, httpUrl, parse, required } from './args.ts'
import { EXIT, UsageError, type CliIo } from './io.ts'

export const CHECK_CREDENTIALS_HELP = `Usage: onoffice-kit check-credentials --token <token> --secret <secret> [--endpoint <url>] [--claim <apiClaim>]

Reads basicsettings with the API user's credentials and says whether they work, and if not, why
(lengths, swapped token/secret, HMAC 137, clock 136, not authenticated 22, blocked 48, missing claim 193…).
Exit code 0 when they work, 1 when not, 2 on wrong usage.

Options:
  --token <t>         API token, 32 characters (or set ONOFFICE_API_TOKEN)
  --secret <s>        API secret = the API key, 64 characters (or set ONOFFICE_API_SECRET)
  --endpoint <url>    api.php URL (or ONOFFICE_ENDPOINT); default https://api.onoffice.de/api/stable/api.php
  --claim <apiClaim>  the apiClaim of a service launch: marketplace API users need one (or ONOFFICE_API_CLAIM)
  -h, --help          this help

Prefer the environment variables for secrets: they stay out of your shell history.`

const CLAIM_ADVICE =
  'marketplace API users need the apiClaim of a recent service launch: pass --claim <apiClaim> (or ONOFFICE_API_CLAIM)'

/** `check-credentials`: exit 0 if basicsettings can be read, else 1 with the explanation. */
export async function checkCredentialsCommand(
  argv: string[],
  io: CliIo,
  fetchImpl?: typeof fetch,
): Promise<number> {
  const { values } = parse(
    argv,
    {
      token: { type: 'string' },
      secret: { type: 'string' },
      endpoint: { type: 'string' },
      claim: { type: 'string' },
    },
    0,
  )
  if (values.help) {
    io.out(CHECK_CREDENTIALS_HELP)
    return EXIT.ok
  }
  const token = required(values.token, io, 'token', 'ONOFFICE_API_TOKEN')
  const secret = required(values.secret, io, 'secret', 'ONOFFICE_API_SECRET')
  const endpointValue = fromEnv(values.endpoint, io, 'ONOFFICE_ENDPOINT')
  const endpoint =
    endpointValue === undefined
      ? undefined
      : httpUrl(endpointValue, '--endpoint', 'https://api.onoffice.de/api/stable/api.php')
  const claim = fromEnv(values.claim, io, 'ONOFFICE_API_CLAIM')
  const where = endpoint ?? 'https://api.onoffice.de/api/stable/api.php'

  let client: ReturnType<typeof createClient>
  try {
    client = createClient({
      token,
      secret,
      ...(endpoint ? { endpoint } : {}),
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
      ...(claim ? { claim } : {}),
      retries: 1,
    })
  } catch (err) {
    // Length / swapped / identical checks: the message names the problem, never the values.
    io.out(
      `not ok: ${err instanceof Error ? err.message.replace(/^createClient: /, '') : String(err)}`,
    )
    return EXIT.failed
  }
  try {
    const settings = await client.settings.basic()
    io.out(`ok: the credentials work (basicsettings read from ${where})`)
    for (const key of ['color', 'color2', 'claim'] as const) {
      if (typeof settings[key] === 'string' && settings[key] !== '')
        io.out(`  ${key} = ${settings[key]}`)
    }
    if (typeof settings.logo === 'string' && settings.logo !== '')
      io.out(`  logo = (${settings.logo.length} characters)`)
    return EXIT.ok
  } catch (err) {
    if (err instanceof OnOfficeApiError) {
      io.out(
        `not ok: onOffice error ${err.errorCode} (${err.category}): ${err.serverMessage || 'no message'}`,
      )
      io.out(`  ${err.hint}`)
      if (err.claimError) io.out(`  ${CLAIM_ADVICE}`)
      if (err.installationBlocked)
        io.out(
          '  the customer blocked the provider or the API user was replaced: the customer must activate again (a new token)',
        )
      return EXIT.failed
    }
    if (err instanceof OnOfficeTransportError) {
      io.out(
        `not ok: no answer from ${where} (${err.kind}${err.status !== undefined ? ` ${err.status}` : ''}): ${err.message}`,
      )
      return EXIT.failed
    }
    if (err instanceof OnOfficeResponseError) {
      io.out(
        `not ok: ${where} did not answer like onOffice's api.php (is --endpoint the api.php URL?)`,
      )
      return EXIT.failed
    }
    if (err instanceof TypeError) throw new UsageError(err.message)
    throw err
  }
}
