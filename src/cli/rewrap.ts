import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { OnOfficeConfigError } from '../core/errors.ts'
import { checkKeyValue } from '../store/kv.ts'
import { KV_LIST_DEFAULT_LIMIT, KV_LIST_MAX_LIMIT } from '../store/kv-list.ts'
import {
  createInstallationStore,
  type InstallationStore,
  type InstallationStoreConfig,
} from '../store/installation-store.ts'
import { integer, parse } from './args.ts'
import { EXIT, stopSignal, UsageError, type CliIo } from './io.ts'

export const REWRAP_HELP = `Usage: onoffice-kit rewrap --config <module> [--cursor <cursor>] [--limit <n>] [--current-kid <kid>]

Re-seals every installation record still sealed under an older key with the configuration's currentKid
(key rotation), page by page, printing each page's counts and the cursor to resume from. Records written
meanwhile are not lost (each write holds a short per-record lease). Idempotent: a second run moves nothing.

Options:
  --config <module>    a JavaScript module whose default export is { kv, keys, currentKid, prefix?, close? }
                       — the inputs of createInstallationStore — or an (async) function returning it;
                       close() is called at the end (disconnect your client). A .ts module needs Node with
                       type stripping (22.18+) or tsx: npx tsx node_modules/.bin/onoffice-kit rewrap …
  --cursor <cursor>    continue from the cursor a previous run printed (after Ctrl-C or a failure)
  --limit <n>          records per page, 1–${KV_LIST_MAX_LIMIT}; default ${KV_LIST_DEFAULT_LIMIT}
  --current-kid <kid>  refuse to run unless the configuration's currentKid is <kid> (guards against a stale config)
  -h, --help           this help

Exit code 0 when the pass finished with nothing busy or failed, 1 otherwise (see the output), 2 on wrong usage.
An old key can be dropped once a full pass (no --cursor), started after every instance seals with the new
key, ends with "0 remaining".`

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

/** The configuration module's export: its default export (an object or a function returning one) or its named exports. */
async function loadConfig(file: string): Promise<InstallationStoreConfig> {
  let mod: Record<string, unknown>
  try {
    mod = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    throw new UsageError(`--config ${file} cannot be loaded: ${why}`)
  }
  let config: unknown = 'default' in mod ? mod.default : mod
  if (typeof config === 'function') config = await (config as () => unknown)()
  if (!isObject(config))
    throw new UsageError(
      `--config ${file} must export (default) { kv, keys, currentKid } or a function returning it`,
    )
  try {
    checkKeyValue(`--config ${file}`, 'kv', config.kv, { needsList: true })
  } catch (err) {
    if (err instanceof OnOfficeConfigError) throw new UsageError(err.message)
    throw err
  }
  if (config.prefix !== undefined && typeof config.prefix !== 'string')
    throw new UsageError(`--config ${file}: prefix must be a string`)
  if (config.close !== undefined && typeof config.close !== 'function')
    throw new UsageError(`--config ${file}: close must be a function`)
  return config as InstallationStoreConfig
}

/** `rewrap`: exit 0 when the pass ended with nothing busy or failed, 1 otherwise. */
export async function rewrapCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(
    argv,
    {
      config: { type: 'string' },
      cursor: { type: 'string' },
      limit: { type: 'string' },
      'current-kid': { type: 'string' },
    },
    0,
  )
  if (values.help) {
    io.out(REWRAP_HELP)
    return EXIT.ok
  }
  if (values.config === undefined || values.config === '')
    throw new UsageError(
      '--config is required: a module exporting { kv, keys, currentKid } (see --help)',
    )
  const limit = integer(values.limit, 'limit', KV_LIST_DEFAULT_LIMIT, 1, KV_LIST_MAX_LIMIT)
  if (values.cursor === '') throw new UsageError('--cursor must not be empty')
  const expectedKid = values['current-kid']
  const config = await loadConfig(values.config)
  const { kv, prefix, close, ...keyOptions } = config
  try {
    let store: InstallationStore
    try {
      store = createInstallationStore(kv, keyOptions, prefix === undefined ? {} : { prefix })
    } catch (err) {
      if (err instanceof OnOfficeConfigError)
        throw new UsageError(`--config ${values.config}: ${err.message}`)
      throw err
    }
    return await pass(store, io, {
      cursor: values.cursor ?? null,
      limit,
      ...(expectedKid === undefined ? {} : { currentKid: expectedKid }),
    })
  } finally {
    await close?.()
  }
}

async function pass(
  store: InstallationStore,
  io: CliIo,
  options: { cursor: string | null; limit: number; currentKid?: string },
): Promise<number> {
  const fromStart = options.cursor === null
  const totals = { scanned: 0, rewrapped: 0, alreadyCurrent: 0, busy: 0, failed: 0 }
  const stop = stopSignal(io)
  let cursor = options.cursor
  let currentKid = ''
  let page = 0
  try {
    do {
      let r: Awaited<ReturnType<InstallationStore['rewrap']>>
      try {
        r = await store.rewrap({ ...options, cursor })
      } catch (err) {
        if (err instanceof OnOfficeConfigError) throw new UsageError(err.message)
        if (cursor !== null) io.err(`stopped by an error; resume with --cursor ${cursor}`)
        throw err
      }
      page++
      currentKid = r.currentKid
      for (const key of Object.keys(totals) as Array<keyof typeof totals>) totals[key] += r[key]
      io.out(
        `page ${page}: scanned ${r.scanned}, rewrapped ${r.rewrapped}, already current ${r.alreadyCurrent}, busy ${r.busy}, failed ${r.failed}`,
      )
      for (const f of r.failures)
        io.out(
          `  cannot open ${JSON.stringify(f.customerWebId)}: ${f.error.reason}${f.error.kid === undefined ? '' : ` (kid ${JSON.stringify(f.error.kid)})`}`,
        )
      cursor = r.cursor
      if (cursor !== null && stop.signal.aborted) {
        io.out(`stopped; resume with --cursor ${cursor}`)
        break
      }
    } while (cursor !== null)
  } finally {
    stop.dispose()
  }
  const remaining = totals.busy + totals.failed
  io.out(
    `${cursor === null ? 'done' : 'paused'}: scanned ${totals.scanned}, rewrapped ${totals.rewrapped}, already current ${totals.alreadyCurrent}, busy ${totals.busy}, failed ${totals.failed} — ${remaining} remaining under another key`,
  )
  if (cursor !== null) return EXIT.failed
  if (totals.busy > 0) io.out('Busy records were being written meanwhile: run rewrap again.')
  if (totals.failed > 0)
    io.out(
      'Records that cannot be opened keep their old seal: re-activate those installations (or delete them) before dropping a key.',
    )
  if (remaining > 0) return EXIT.failed
  io.out(
    fromStart
      ? `Every record is sealed under kid ${JSON.stringify(currentKid)}. Keys other than ${JSON.stringify(currentKid)} can be dropped if every instance already sealed with it when this pass started.`
      : 'This run started at --cursor: the records before it count only if the run that printed the cursor reported none busy or failed.',
  )
  return EXIT.ok
}
