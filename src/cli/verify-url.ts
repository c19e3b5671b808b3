import { verifySignedUrl, type SignedUrlFailureReason } from '../marketplace/index.ts'
import { httpUrl, positional, integer, parse, required } from './args.ts'
import { EXIT, UsageError, type CliIo } from './io.ts'

export const VERIFY_URL_HELP = `Usage: onoffice-kit verify-url <url> --secret <provider secret> [--public-url <url>] [--max-age <sec>]

Verifies an onOffice-signed URL (activation, service launch, webhook, payment callback) the way the kit
does. Prints "ok" and the parameters (apiClaim and apiToken masked unless --show-secrets), or "not ok" and
the reason. Exit code 0 when valid, 1 when not, 2 on wrong usage.

Options:
  --secret <s>        the provider secret (or set ONOFFICE_PROVIDER_SECRET)
  --public-url <url>  your public base URL, as in onOffice({ publicUrl }), when the URL you have is not
                      the one onOffice signed (e.g. copied from behind a proxy)
  --max-age <sec>     oldest accepted timestamp in seconds (default 300)
  --show-secrets      print apiClaim and apiToken unmasked
  -h, --help          this help`

const REASONS: Record<SignedUrlFailureReason, string> = {
  missing_signature: 'the URL has no signature parameter',
  malformed_signature: 'the signature is not 64 lower-case hex characters',
  bad_signature:
    'the signature does not match: a different provider secret, or the URL was changed after signing (host, port, path or a parameter; behind a proxy try --public-url)',
  missing_timestamp: 'the URL has no timestamp parameter',
  bad_timestamp: 'the timestamp is not a whole number of seconds',
  stale:
    'the timestamp is older than --max-age (the link was signed too long ago, or this clock is ahead)',
  future: 'the timestamp lies in the future (this clock is behind)',
  duplicate_param:
    'a parameter appears twice in the query (onOffice never sends a name twice; arrays a[]= excepted)',
  too_large:
    'the query is longer than 16 KiB or has more than 1,000 parameters (PHP max_input_vars): onOffice never signs such a URL',
}

const MASKED = new Set(['apiClaim', 'apiToken'])

/** `verify-url`: exit 0 with the parameters, or 1 with the reason. */
export async function verifyUrlCommand(
  argv: string[],
  io: CliIo,
  now: () => number = Date.now,
): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      secret: { type: 'string' },
      'public-url': { type: 'string' },
      'max-age': { type: 'string' },
      'show-secrets': { type: 'boolean' },
    },
    1,
  )
  if (values.help) {
    io.out(VERIFY_URL_HELP)
    return EXIT.ok
  }
  const url = httpUrl(positional(positionals[0], 'the URL (first argument)'), 'the URL')
  const secret = required(values.secret, io, 'secret', 'ONOFFICE_PROVIDER_SECRET')
  const publicUrl =
    values['public-url'] === undefined
      ? undefined
      : httpUrl(values['public-url'], '--public-url', 'https://provider.example')
  const maxAgeSec = integer(values['max-age'], 'max-age', 300, 1)
  let r: Awaited<ReturnType<typeof verifySignedUrl>>
  try {
    r = await verifySignedUrl(url, { secret, now, maxAgeSec, ...(publicUrl ? { publicUrl } : {}) })
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err))
  }
  if (!r.ok) {
    io.out(`not ok: ${r.reason}`)
    io.out(`  ${REASONS[r.reason]}`)
    return EXIT.failed
  }
  const age = Math.floor(now() / 1000) - r.timestamp
  io.out(
    `ok: signature valid, timestamp ${r.timestamp} (${age >= 0 ? `${age} s old` : `${-age} s in the future`})`,
  )
  for (const key of Object.keys(r.params).sort()) {
    const value = r.params[key]!
    io.out(
      `  ${key} = ${MASKED.has(key) && !values['show-secrets'] ? `[hidden, ${value.length} characters; --show-secrets]` : value}`,
    )
  }
  return EXIT.ok
}
