import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { createClient } from '../api/client.ts'
import { fieldConfigFromRecords, type FieldConfig } from '../api/fields/config.ts'
import { parseEnvelope } from '../api/response-schema.ts'
import type { OnOfficeClient } from '../api/client.ts'
import { fromEnv, httpUrl, parse } from './args.ts'
import { emitFieldModule } from './codegen-emit.ts'
import { EXIT, UsageError, type CliIo } from './io.ts'

export const CODEGEN_HELP = `Usage: onoffice-kit codegen --modules estate,address [--out src/onoffice-fields.ts] [--languages DEU,ENG]
                         (--fake | --from fields.json | --token <t> --secret <s> [--endpoint <url>] [--claim <c>])

Reads a customer's field configuration (get/fields with labels) and writes one TypeScript module:
per module an interface (EstateFields, AddressFields, …), zod/mini validators for writes (estateWrite),
readers that normalise reads (readEstate), writers that validate and serialise (writeEstate), the embedded
fieldConfig and a fieldLabels table per language. The output is deterministic: same configuration, same file.

Sources (one of):
  --fake              the kit's fake onOffice (demo field configuration, no network)
  --from <file>       a saved get/fields response: the API's JSON answer, or { "DEU": answer, "ENG": answer }
  --token, --secret   a customer's API user (or ONOFFICE_API_TOKEN / ONOFFICE_API_SECRET), with
  --endpoint <url>    api.php (or ONOFFICE_ENDPOINT); default https://api.onoffice.de/api/stable/api.php
  --claim <apiClaim>  marketplace API users need the apiClaim of a recent service launch (or ONOFFICE_API_CLAIM)

Options:
  --modules <list>    comma-separated modules, e.g. estate,address (required)
  --languages <list>  label languages (ISO-3), the first is the primary; default DEU
  --fields <list>     only these fields (get/fields fieldList), e.g. objektart,objekttitel: a smaller module
  --out <file>        where to write; default: standard output
  -h, --help          this help`

const MODULE = /^[A-Za-z][A-Za-z0-9_]*$/
const LANGUAGE = /^[A-Za-z]{3}$/

function list(
  value: string | undefined,
  option: string,
  pattern: RegExp,
  example: string,
): string[] {
  const items = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (items.length === 0 || items.some((i) => !pattern.test(i)))
    throw new UsageError(`--${option} must be a comma-separated list such as ${example}`)
  return [...new Set(items)]
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** The records of a saved get/fields answer (the API's JSON answer, or just its records). */
function configOfAnswer(answer: unknown, file: string): FieldConfig {
  if (Array.isArray(answer)) return fieldConfigFromRecords(answer)
  const envelope = parseEnvelope(answer)
  const result = envelope?.results?.[0]
  if (!result)
    throw new UsageError(`${file} is not a get/fields answer of onOffice (no response.results)`)
  if (result.errorcode !== 0)
    throw new UsageError(`${file} holds an onOffice error ${result.errorcode}: ${result.message}`)
  return fieldConfigFromRecords(result.value.records)
}

async function fromFile(file: string, languages: string[]): Promise<Array<[string, FieldConfig]>> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch (err) {
    throw new UsageError(
      `--from ${file}: ${err instanceof SyntaxError ? 'not JSON' : 'cannot be read'}`,
    )
  }
  // { "DEU": answer, "ENG": answer }: one answer per language.
  if (isObject(json) && !('response' in json) && !('status' in json)) {
    const wanted = languages.filter((l) => l in json)
    if (wanted.length === 0)
      throw new UsageError(
        `--from ${file}: holds languages ${Object.keys(json).join(', ')}, none of --languages ${languages.join(',')}`,
      )
    return wanted.map((l) => [l, configOfAnswer(json[l], file)])
  }
  return [[languages[0]!, configOfAnswer(json, file)]]
}

async function fromClient(
  client: OnOfficeClient,
  modules: string[],
  languages: string[],
  only: string[] | undefined,
): Promise<Array<[string, FieldConfig]>> {
  const out: Array<[string, FieldConfig]> = []
  // One request per language; the client batches them into one HTTP request.
  const configs = await Promise.all(
    languages.map((language) =>
      client.fields.get({ modules, labels: true, language, ...(only ? { fieldList: only } : {}) }),
    ),
  )
  for (const [i, l] of languages.entries()) out.push([l, configs[i]!])
  return out
}

/** The configuration with only the `only` fields of each module (what `fieldList` asks onOffice for). */
function pickFields(config: FieldConfig, only: readonly string[]): FieldConfig {
  const wanted = new Set(only)
  return Object.fromEntries(
    Object.entries(config).map(([m, mod]) => [
      m,
      {
        ...mod,
        fields: Object.fromEntries(Object.entries(mod.fields).filter(([name]) => wanted.has(name))),
      },
    ]),
  )
}

/** `codegen`: exit 0 when the module was written, 1 when the configuration could not be read. */
export async function codegenCommand(
  argv: string[],
  io: CliIo,
  fetchImpl?: typeof fetch,
): Promise<number> {
  const { values } = parse(
    argv,
    {
      modules: { type: 'string' },
      languages: { type: 'string' },
      fields: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      fake: { type: 'boolean' },
      token: { type: 'string' },
      secret: { type: 'string' },
      endpoint: { type: 'string' },
      claim: { type: 'string' },
    },
    0,
  )
  if (values.help) {
    io.out(CODEGEN_HELP)
    return EXIT.ok
  }
  const modules = list(values.modules, 'modules', MODULE, 'estate,address')
  const languages = list(values.languages ?? 'DEU', 'languages', LANGUAGE, 'DEU,ENG').map((l) =>
    l.toUpperCase(),
  )
  const only =
    values.fields === undefined
      ? undefined
      : list(values.fields, 'fields', /^[^\s,]+$/, 'objektart,objekttitel')
  const token = fromEnv(values.token, io, 'ONOFFICE_API_TOKEN')
  const sources = [values.fake === true, values.from !== undefined, token !== undefined].filter(
    Boolean,
  ).length
  if (sources !== 1)
    throw new UsageError(
      'give exactly one source: --fake, --from <file>, or --token/--secret (or ONOFFICE_API_TOKEN/ONOFFICE_API_SECRET)',
    )

  let configs: Array<[string, FieldConfig]>
  let source: string
  if (values.from !== undefined) {
    configs = await fromFile(values.from, languages)
    if (only) configs = configs.map(([l, cfg]) => [l, pickFields(cfg, only)])
    source = `a saved get/fields answer (${values.from.split(/[\\/]/).pop()})`
  } else if (values.fake) {
    // Loaded only here: the fake needs hono, an optional peer the other sources do not.
    const { createFakeOnOffice } = await import('../testing/fake/index.ts')
    const fake = createFakeOnOffice()
    const client = createClient({
      ...fake.addApiUser(),
      endpoint: fake.endpoint,
      fetch: fake.fetch,
      fieldCache: false,
    })
    configs = await fromClient(client, modules, languages, only)
    source = 'the fake onOffice (onoffice-kit/testing)'
  } else {
    const secret = fromEnv(values.secret, io, 'ONOFFICE_API_SECRET')
    if (secret === undefined)
      throw new UsageError('--secret is required with --token (or set ONOFFICE_API_SECRET)')
    const endpointValue = fromEnv(values.endpoint, io, 'ONOFFICE_ENDPOINT')
    const endpoint = endpointValue === undefined ? undefined : httpUrl(endpointValue, '--endpoint')
    const claim = fromEnv(values.claim, io, 'ONOFFICE_API_CLAIM')
    const client = createClient({
      token: token!,
      secret,
      ...(endpoint ? { endpoint } : {}),
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
      ...(claim ? { claim } : {}),
      fieldCache: false,
    })
    configs = await fromClient(client, modules, languages, only)
    // The header names the host only: a URL could carry credentials in its query.
    source = `the onOffice API at ${new URL(endpoint ?? 'https://api.onoffice.de/api/stable/api.php').host}`
  }
  const code = emitFieldModule({ configs, modules, source })
  if (values.out === undefined) {
    io.out(code)
    return EXIT.ok
  }
  await mkdir(dirname(values.out), { recursive: true })
  await writeFile(values.out, code)
  const fields = modules
    .map((m) => `${m} ${Object.keys(configs[0]![1][m]!.fields).length}`)
    .join(', ')
  io.err(`wrote ${values.out}: ${fields} fields; labels in ${configs.map(([l]) => l).join(', ')}`)
  return EXIT.ok
}
