// Key rotation under load as one runner-agnostic scenario (own asserts, no vitest/node:assert), so the same code
// runs on memoryKv (test/store) and on real servers (test/integration): `rewrap` re-seals every record while other
// app instances keep re-activating and blocking customers, and afterwards every record opens without the old key
// and holds exactly the last write made to it.
import { canonical } from '../../src/core/json.ts'
import {
  createInstallationStore,
  type Installation,
  type InstallationInput,
  type InstallationStore,
  type KeyValue,
  type RewrapResult,
} from '../../src/store/index.ts'

export const RACE_K1 = 'rewrap-race-key-one-0123456789abcdef0123'
export const RACE_K2 = 'rewrap-race-key-two-0123456789abcdef0123'
const RING = { keys: { k1: RACE_K1, k2: RACE_K2 }, currentKid: 'k2' }

function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Error(`rewrap race: ${what}`)
}

export function raceInput(
  customerWebId: string,
  over: Partial<InstallationInput> = {},
): InstallationInput {
  return {
    customerWebId,
    customerName: `Kunde ${customerWebId}`,
    status: 'active',
    apiToken: 't'.repeat(32),
    apiSecret: 's'.repeat(64),
    activatedAt: 1_700_000_000_000,
    activatedByUserId: '7',
    parameterCacheId: 'pc-1',
    isRegularCustomer: false,
    ...over,
  }
}

/** The sums of a full pass (every page until the cursor is null). */
export type PassTotals = Omit<RewrapResult, 'cursor' | 'currentKid' | 'failures'>

/** One full rewrap pass, page by page. */
export async function fullPass(
  store: InstallationStore,
  options: { limit?: number } = {},
): Promise<PassTotals> {
  const totals: PassTotals = { scanned: 0, rewrapped: 0, alreadyCurrent: 0, busy: 0, failed: 0 }
  let cursor: string | null = null
  do {
    const r: RewrapResult = await store.rewrap({ ...options, cursor, currentKid: 'k2' })
    check(
      r.scanned === r.rewrapped + r.alreadyCurrent + r.busy + r.failed,
      'scanned is the sum of the outcomes',
    )
    for (const k of Object.keys(totals) as Array<keyof PassTotals>) totals[k] += r[k]
    cursor = r.cursor
  } while (cursor !== null)
  return totals
}

/** What the scenario saw, for the runner's own expectations. */
export interface RaceReport {
  first: PassTotals
  passes: number
  writesDuringRewrap: number
}

/**
 * Seeds `records` installations sealed under k1 (single-key configuration) in `seedKv`, then runs a rewrap job on
 * `jobKv` while one app instance per `instanceKvs` entry writes (put / markBlocked) to its own share of the
 * customers, mostly those the job is working on right now. Checks: the first pass saw every record and failed none;
 * passes are repeated (writes still running) until none is busy; afterwards every record opens under a ring
 * without k1, sealed under k2, and equals the last write made to it; no lease is left; another pass writes nothing.
 * All KVs must reach the same data; `prefix` keeps the scenario's keys apart on a shared server.
 */
export async function rewrapWhileWriting(opts: {
  seedKv: KeyValue
  jobKv: KeyValue
  instanceKvs: KeyValue[]
  records: number
  prefix: string
}): Promise<RaceReport> {
  const { records: N, prefix } = opts
  const W = opts.instanceKvs.length
  const recordPrefix = `${prefix}v1:`
  const ids = Array.from({ length: N }, (_, i) => `c${String(i).padStart(6, '0')}`)
  const before = createInstallationStore(opts.seedKv, { encryptionKey: RACE_K1 }, { prefix })
  for (let i = 0; i < N; i += 200)
    await Promise.all(ids.slice(i, i + 200).map((id) => before.put(raceInput(id))))

  // Where the job is: the index of the record it read last (ids sort like their keys).
  let at = 0
  // How often the job's listings named each key (a key never listed is never re-sealed).
  const listed = new Map<string, number>()
  const inner = opts.jobKv
  const jobKv: KeyValue = {
    get(key) {
      if (key.startsWith(recordPrefix)) at = Number(key.slice(-6))
      return inner.get(key)
    },
    put: (key, value, options) => inner.put(key, value, options),
    delete: (key) => inner.delete(key),
    putIfAbsent: (key, value, options) => inner.putIfAbsent(key, value, options),
    async list(p, options) {
      const page = await inner.list(p, options)
      for (const k of page.keys) listed.set(k, (listed.get(k) ?? 0) + 1)
      return page
    },
  }
  const job = createInstallationStore(jobKv, RING, { prefix })
  const instances = opts.instanceKvs.map((kv) => createInstallationStore(kv, RING, { prefix }))

  type Content = Omit<Installation, 'updatedAt'>
  const expected = new Map<string, Content>(ids.map((id) => [id, { ...raceInput(id), version: 1 }]))
  let running = true
  let writesDuringRewrap = 0
  const pick = (w: number) => {
    // Mostly the records the job reads and re-seals right now (a few at a time), where a write races its
    // read → re-seal → put; some anywhere.
    const near = Math.random() < 0.8
    const from = near ? Math.max(0, at - 8) : 0
    const span = near ? 6 * W : N
    const i = Math.min(N - W, from - (from % W) + Math.floor((Math.random() * span) / W) * W) + w
    return ids[i]!
  }
  // Instance w writes only the customers i ≡ w (mod W), one write at a time, so its last write is the last.
  const writer = async (w: number) => {
    let n = 0
    while (running) {
      const id = pick(w)
      const prev = expected.get(id)!
      n++
      if (n % 3 === 0) {
        await instances[w]!.markBlocked(id)
        expected.set(id, { ...prev, status: 'blocked', version: prev.version + 1 })
      } else {
        const next = raceInput(id, {
          customerName: `Kunde ${id} w${w}#${n}`,
          apiToken: `${w}-${n}`.padEnd(32, 'x'),
          apiSecret: `${w}-${n}`.padEnd(64, 'y'),
          activatedAt: 1_700_000_000_000 + n,
        })
        await instances[w]!.put(next)
        expected.set(id, { ...next, version: prev.version + 1 })
      }
      writesDuringRewrap++
    }
  }
  const writers = opts.instanceKvs.map((_, w) => writer(w))

  let first: PassTotals
  let passes = 1
  try {
    first = await fullPass(job)
    let last = first
    while (last.busy > 0 && passes < 10) {
      last = await fullPass(job)
      passes++
    }
    check(last.busy === 0, `still ${last.busy} busy after ${passes} passes`)
  } finally {
    running = false
    await Promise.all(writers)
  }
  // Redis SCAN may name a key twice (the contract allows it), never none of them.
  check(first.scanned >= N, `the first pass scanned ${first.scanned} of ${N}`)
  check(first.failed === 0, `the first pass failed ${first.failed}`)

  const onlyNew = createInstallationStore(
    opts.seedKv,
    { keys: { k2: RACE_K2 }, currentKid: 'k2' },
    { prefix },
  )
  const seen = new Set<string>()
  const stored = new Map<string, string>()
  let cursor: string | null = null
  do {
    const page = await onlyNew.list({ cursor, limit: 1000 })
    for (const e of page.entries) {
      check(
        e.ok,
        `${e.customerWebId} does not open without k1${e.ok ? '' : ` (${e.error.reason})`}; the job's listings named it ${listed.get(recordPrefix + e.customerWebId) ?? 0} times`,
      )
      if (!e.ok) continue
      check(e.kid === 'k2', `${e.customerWebId} is sealed under ${e.kid}`)
      const { updatedAt: _u, ...content } = e.installation
      check(
        canonical(content) === canonical(expected.get(e.customerWebId)),
        `${e.customerWebId} lost a write: holds version ${content.version} "${content.customerName}", the last write was version ${expected.get(e.customerWebId)?.version}`,
      )
      seen.add(e.customerWebId)
      stored.set(e.customerWebId, (await opts.seedKv.get(`${recordPrefix}${e.customerWebId}`))!)
    }
    cursor = page.cursor
  } while (cursor !== null)
  check(seen.size === N, `listed ${seen.size} of ${N} records`)
  const leases = await opts.seedKv.list(`${prefix}lease:`)
  check(leases.keys.length === 0, `${leases.keys.length} leases left behind`)

  // Idempotent: another pass moves nothing and writes nothing.
  const again = await fullPass(job)
  check(
    again.rewrapped === 0 && again.alreadyCurrent === N && again.busy === 0,
    `a second pass was not a no-op: ${JSON.stringify(again)}`,
  )
  for (const [id, raw] of stored)
    check((await opts.seedKv.get(`${recordPrefix}${id}`)) === raw, `the second pass rewrote ${id}`)
  return { first, passes, writesDuringRewrap }
}
