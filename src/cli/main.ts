import { checkCredentialsCommand } from './check-credentials.ts'
import { EXIT, UsageError, type CliIo } from './io.ts'
import { signUrlCommand } from './sign-url.ts'
import { verifyUrlCommand } from './verify-url.ts'
import { webhookCommand } from './webhook.ts'

export const MAIN_HELP = `onoffice-kit — the local onOffice for Marketplace providers

Usage: onoffice-kit <command> [options]

Commands:
  simulate            serve the Marketplace simulator and the fake onOffice API on one port
  sign-url            sign a URL like onOffice (activation, service launch, callback)
  verify-url          check an onOffice-signed URL against your provider secret
  webhook             send a signed webhook call to your running service and print the answer
  check-credentials   check an API token/secret pair by reading basicsettings
  codegen             TypeScript types, validators and labels from a customer's field configuration
  rewrap              re-seal installation records under the current key (key rotation)

Run "onoffice-kit <command> --help" for its options. Secrets can come from environment variables
(ONOFFICE_PROVIDER_SECRET, ONOFFICE_API_TOKEN, ONOFFICE_API_SECRET, ONOFFICE_API_CLAIM) so they stay out
of your shell history. Exit codes: 0 ok, 1 check failed, 2 wrong usage.`

/**
 * Runs the `onoffice-kit` command line; returns the exit code (0 ok, 1 check failed, 2 wrong usage).
 *
 * @param argv - arguments after the program name, e.g. `['verify-url', url, '--secret', s]`.
 * @param io - output, environment and stop signal; default: console, `process.env`, SIGINT/SIGTERM.
 * @example
 * ```ts
 * const lines: string[] = []
 * const code = await runCli(['sign-url', 'https://p.example/service?userId=1', '--secret', 's'], { out: (l) => lines.push(l) })
 * ```
 */
export async function runCli(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const full: CliIo = {
    out: io.out ?? ((line) => console.log(line)),
    err: io.err ?? ((line) => console.error(line)),
    env: io.env ?? process.env,
    ...(io.signal ? { signal: io.signal } : {}),
  }
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    full.out(MAIN_HELP)
    return name === undefined ? EXIT.usage : EXIT.ok
  }
  const commands: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
    // Loaded on use: simulate needs hono and @hono/node-server (optional peers) which the other commands do not.
    simulate: async (a, i) => (await import('./simulate.ts')).simulateCommand(a, i),
    codegen: async (a, i) => (await import('./codegen.ts')).codegenCommand(a, i),
    rewrap: async (a, i) => (await import('./rewrap.ts')).rewrapCommand(a, i),
    'sign-url': (a, i) => signUrlCommand(a, i),
    'verify-url': (a, i) => verifyUrlCommand(a, i),
    webhook: (a, i) => webhookCommand(a, i),
    'check-credentials': (a, i) => checkCredentialsCommand(a, i),
  }
  const command = commands[name]
  if (!command) {
    full.err(`unknown command "${name}"`)
    full.err(MAIN_HELP)
    return EXIT.usage
  }
  try {
    return await command(rest, full)
  } catch (err) {
    if (err instanceof UsageError) {
      full.err(`onoffice-kit ${name}: ${err.message}`)
      full.err(`Run "onoffice-kit ${name} --help" for the options.`)
      return EXIT.usage
    }
    full.err(`onoffice-kit ${name}: ${err instanceof Error ? err.message : String(err)}`)
    return EXIT.failed
  }
}
