import { signWebhookRequest } from '../marketplace/index.ts'
import { httpUrl, integer, parse, positional, required } from './args.ts'
import { EXIT, UsageError, type CliIo } from './io.ts'

export const WEBHOOK_HELP = `Usage: onoffice-kit webhook <url> --param key=value … [--secret <provider secret>]

Sends a signed webhook call to a running service, as onOffice does when a record is created or changed:
GET <url>?<params>&timestamp=…&signature=… signed with the provider secret. Prints the HTTP status and
the response body. Exit code 0 for a 2xx answer, 1 otherwise (or when the service cannot be reached),
2 on wrong usage.

Options:
  --param key=value   a parameter onOffice sends (repeat it): customerWebId, userId, apiClaim, the record
                      (estateId, addressId, …) and your own; the value may contain "="
  --secret <s>        the provider secret (or set ONOFFICE_PROVIDER_SECRET)
  --timeout <sec>     give up after this many seconds (default 30)
  -h, --help          this help

Example:
  onoffice-kit webhook http://127.0.0.1:8788/webhooks/estate --secret "$SECRET" \\
    --param customerWebId=12345 --param userId=17 --param apiClaim="$CLAIM" --param estateId=1`

/** The body is printed up to this many characters (a webhook answer is short; an error page may not be). */
const MAX_BODY_CHARS = 64 * 1024
const IDENTITY = ['customerWebId', 'userId', 'apiClaim']

/** `--param key=value` list → parameters; a missing `=`, an empty key or a key given twice is a usage error. */
function paramsOf(list: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {}
  for (const item of list) {
    const eq = item.indexOf('=')
    if (eq <= 0) throw new UsageError('--param must be key=value with a non-empty key')
    const key = item.slice(0, eq)
    if (key === 'signature' || key === 'timestamp')
      throw new UsageError(`--param ${key} is set by the signer; leave it out`)
    if (Object.hasOwn(params, key)) throw new UsageError(`--param ${key} is given twice`)
    Object.defineProperty(params, key, {
      value: item.slice(eq + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return params
}

/** `webhook`: sends the signed GET and prints the answer. */
export async function webhookCommand(
  argv: string[],
  io: CliIo,
  now: () => number = Date.now,
): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      param: { type: 'string', multiple: true },
      secret: { type: 'string' },
      timeout: { type: 'string' },
    },
    1,
  )
  if (values.help) {
    io.out(WEBHOOK_HELP)
    return EXIT.ok
  }
  const url = httpUrl(
    positional(positionals[0], 'the webhook URL (first argument)'),
    'the webhook URL',
    'http://127.0.0.1:8788/webhooks/estate',
  )
  const params = paramsOf(values.param ?? [])
  const secret = required(values.secret, io, 'secret', 'ONOFFICE_PROVIDER_SECRET')
  const timeoutSec = integer(values.timeout, 'timeout', 30, 1, 3600)
  const missing = IDENTITY.filter((k) => !params[k])
  if (missing.length > 0)
    io.err(
      `note: no ${missing.join(', ')}: onOffice always sends them, so the service will likely refuse the call`,
    )

  const request = await signWebhookRequest(url, params, secret, { now })
  const target = new URL(request.url)
  let res: Response
  try {
    res = await fetch(request, { signal: AbortSignal.timeout(timeoutSec * 1000) })
  } catch (err) {
    const why =
      err instanceof Error && err.name === 'TimeoutError'
        ? `no answer within ${timeoutSec} s`
        : err instanceof Error && err.cause instanceof Error
          ? err.cause.message
          : err instanceof Error
            ? err.message
            : String(err)
    io.out(`not sent: could not reach ${target.origin}${target.pathname}: ${why}`)
    return EXIT.failed
  }
  const body = await res.text()
  io.out(`${res.status} ${res.statusText}`.trimEnd())
  if (body !== '')
    io.out(
      body.length > MAX_BODY_CHARS
        ? `${body.slice(0, MAX_BODY_CHARS)}\n… (${body.length - MAX_BODY_CHARS} more characters)`
        : body,
    )
  return res.ok ? EXIT.ok : EXIT.failed
}
