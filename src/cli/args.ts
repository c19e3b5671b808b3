import { parseArgs } from 'node:util'
import type { CliIo } from './io.ts'
import { UsageError } from './io.ts'

type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean }

/** `node:util` parseArgs in strict mode, with errors turned into {@link UsageError}. */
export function parse<O extends Record<string, OptionSpec>>(
  argv: string[],
  options: O,
  maxPositionals: number,
) {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    })
  } catch (err) {
    // parseArgs messages name the option, never a value of another option.
    throw new UsageError(
      err instanceof Error
        ? err.message.replace(/\. To specify a positional argument.*$/s, '')
        : String(err),
    )
  }
  if (parsed.positionals.length > maxPositionals)
    throw new UsageError(
      `unexpected argument(s): ${parsed.positionals.slice(maxPositionals).length} more than expected`,
    )
  return parsed as {
    values: {
      [K in keyof O]?: O[K]['type'] extends 'boolean'
        ? boolean
        : O[K]['multiple'] extends true
          ? string[]
          : string
    } & {
      help?: boolean
    }
    positionals: string[]
  }
}

/** A value from the command line or else from an environment variable; `undefined` when neither is set. */
export function fromEnv(value: string | undefined, io: CliIo, envName: string): string | undefined {
  if (value !== undefined && value !== '') return value
  const env = io.env[envName]
  return env !== undefined && env !== '' ? env : undefined
}

/** Like {@link fromEnv}, but required. */
export function required(
  value: string | undefined,
  io: CliIo,
  option: string,
  envName?: string,
): string {
  const v = envName ? fromEnv(value, io, envName) : value
  if (v === undefined || v === '')
    throw new UsageError(`--${option} is required${envName ? ` (or set ${envName})` : ''}`)
  return v
}

/** A whole number ≥ min from an option. */
export function integer(
  value: string | undefined,
  option: string,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback
  if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max)
    throw new UsageError(`--${option} must be a whole number from ${min} to ${max}`)
  return Number(value)
}

/** A required positional argument. */
export function positional(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new UsageError(`${what} is required`)
  return value
}

/** An absolute http(s) URL. */
export function httpUrl(
  value: string,
  what: string,
  example = 'https://provider.example/onoffice/activate',
): string {
  let u: URL
  try {
    u = new URL(value)
  } catch {
    throw new UsageError(`${what} must be an absolute URL such as ${example}`)
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new UsageError(`${what} must be an http(s) URL`)
  return value
}
