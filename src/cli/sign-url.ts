import { signUrl } from '../marketplace/index.ts'
import { httpUrl, positional, parse, required } from './args.ts'
import { EXIT, type CliIo } from './io.ts'

export const SIGN_URL_HELP = `Usage: onoffice-kit sign-url <url> --secret <provider secret>

Signs a URL exactly as onOffice signs activation, service and callback URLs (adds timestamp, unless
present, and signature) and prints it. Use it to open your own routes by hand.

Options:
  --secret <s>   the provider secret (or set ONOFFICE_PROVIDER_SECRET)
  -h, --help     this help

Example:
  onoffice-kit sign-url 'http://127.0.0.1:8788/onoffice/service?customerWebId=12345&userId=17&apiClaim=x&estateId=1' --secret "$SECRET"`

/** `sign-url`: prints the signed URL. */
export async function signUrlCommand(
  argv: string[],
  io: CliIo,
  now: () => number = Date.now,
): Promise<number> {
  const { values, positionals } = parse(argv, { secret: { type: 'string' } }, 1)
  if (values.help) {
    io.out(SIGN_URL_HELP)
    return EXIT.ok
  }
  const url = httpUrl(positional(positionals[0], 'the URL (first argument)'), 'the URL')
  const secret = required(values.secret, io, 'secret', 'ONOFFICE_PROVIDER_SECRET')
  io.out(await signUrl(url, secret, { now }))
  return EXIT.ok
}
