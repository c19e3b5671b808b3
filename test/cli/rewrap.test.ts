import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { createInstallationStore, memoryKv, type KeyValue } from '../../src/store/index.ts'
import { K1, K2, state } from './fixtures/rewrap-config.ts'
import { run } from './helpers.ts'
import { raceInput as input } from '../shared/rewrap-race.ts'

const CONFIG = 'test/cli/fixtures/rewrap-config.ts'

async function seed(n: number): Promise<KeyValue> {
  const kv = memoryKv()
  const old = createInstallationStore(kv, { encryptionKey: K1 })
  for (let i = 0; i < n; i++) await old.put(input(`c${String(i).padStart(3, '0')}`))
  state.kv = kv
  return kv
}

async function allUnderK2(kv: KeyValue): Promise<number> {
  const onlyNew = createInstallationStore(kv, { keys: { k2: K2 }, currentKid: 'k2' })
  let n = 0
  let cursor: string | null = null
  do {
    const page = await onlyNew.list({ cursor, limit: 1000 })
    for (const e of page.entries) if (e.ok && e.kid === 'k2') n++
    cursor = page.cursor
  } while (cursor !== null)
  return n
}

const tmp = await mkdtemp(join(tmpdir(), 'onoffice-rewrap-'))
afterAll(() => rm(tmp, { recursive: true, force: true }))

beforeEach(() => {
  state.currentKid = 'k2'
  state.closed = 0
})

describe('onoffice-kit rewrap', () => {
  it('re-seals every record page by page, prints the counts, says the old key can go, and closes the config', async () => {
    const kv = await seed(250)
    const r = await run(['rewrap', '--config', CONFIG])
    expect(r.code).toBe(0)
    expect(r.lines.slice(0, 3)).toEqual([
      'page 1: scanned 100, rewrapped 100, already current 0, busy 0, failed 0',
      'page 2: scanned 100, rewrapped 100, already current 0, busy 0, failed 0',
      'page 3: scanned 50, rewrapped 50, already current 0, busy 0, failed 0',
    ])
    expect(r.out).toContain(
      'done: scanned 250, rewrapped 250, already current 0, busy 0, failed 0 — 0 remaining under another key',
    )
    expect(r.out).toMatch(
      /Every record is sealed under kid "k2"\. Keys other than "k2" can be dropped/,
    )
    expect(r.out + r.err).not.toContain(K1)
    expect(r.out + r.err).not.toContain(K2)
    expect(state.closed).toBe(1)
    expect(await allUnderK2(kv)).toBe(250)

    // a second run moves nothing
    const again = await run(['rewrap', '--config', CONFIG, '--limit', '1000'])
    expect(again.code).toBe(0)
    expect(again.lines[0]).toBe(
      'page 1: scanned 250, rewrapped 0, already current 250, busy 0, failed 0',
    )
  })

  it('Ctrl-C stops after the page in progress and prints the cursor; --cursor resumes', async () => {
    const kv = await seed(120)
    const stopped = new AbortController()
    stopped.abort()
    const first = await run(['rewrap', '--config', CONFIG, '--limit', '50'], {}, stopped.signal)
    expect(first.code).toBe(1)
    expect(first.lines[0]).toBe(
      'page 1: scanned 50, rewrapped 50, already current 0, busy 0, failed 0',
    )
    const resume = /^stopped; resume with --cursor (.+)$/.exec(first.lines[1] ?? '')
    expect(resume).not.toBeNull()
    expect(first.out).toContain('paused: scanned 50, rewrapped 50')
    expect(state.closed).toBe(1)

    const rest = await run(['rewrap', '--config', CONFIG, '--limit', '50', '--cursor', resume![1]!])
    expect(rest.code).toBe(0)
    expect(rest.out).toContain('done: scanned 70, rewrapped 70, already current 0')
    expect(rest.out).toMatch(/started at --cursor/)
    expect(await allUnderK2(kv)).toBe(120)
  })

  it('a record that cannot be opened is reported and fails the run (exit 1); the others are re-sealed', async () => {
    const kv = await seed(3)
    await kv.put('installation:v1:junk', 'not json')
    const r = await run(['rewrap', '--config', CONFIG])
    expect(r.code).toBe(1)
    expect(r.out).toContain('  cannot open "junk": corrupt_record')
    expect(r.out).toContain(
      'done: scanned 4, rewrapped 3, already current 0, busy 0, failed 1 — 1 remaining',
    )
    expect(r.out).toMatch(/re-activate those installations/)
    expect(await allUnderK2(kv)).toBe(3)
  })

  it('--current-kid guards against a stale configuration', async () => {
    await seed(2)
    state.currentKid = 'k1'
    const r = await run(['rewrap', '--config', CONFIG, '--current-kid', 'k2'])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/options\.currentKid must be the store's currentKid "k1"/)
    expect(state.closed).toBe(1)
    state.currentKid = 'k2'
    expect((await run(['rewrap', '--config', CONFIG, '--current-kid', 'k2'])).code).toBe(0)
  })

  it('--help, and clear errors for missing or bad options and configurations', async () => {
    const help = await run(['rewrap', '--help'])
    expect(help.code).toBe(0)
    expect(help.out).toMatch(/^Usage: onoffice-kit rewrap --config <module>/)
    expect((await run(['--help'])).out).toContain('rewrap ')

    const missing = await run(['rewrap'])
    expect(missing.code).toBe(2)
    expect(missing.err).toMatch(/--config is required/)

    expect((await run(['rewrap', '--config', CONFIG, '--limit', '0'])).err).toMatch(
      /--limit must be a whole number from 1 to 1000/,
    )
    expect((await run(['rewrap', '--config', CONFIG, '--colour'])).code).toBe(2)

    const absent = await run(['rewrap', '--config', join(tmp, 'nope.mjs')])
    expect(absent.code).toBe(2)
    expect(absent.err).toMatch(/nope\.mjs cannot be loaded/)

    const noKv = join(tmp, 'no-kv.mjs')
    await writeFile(noKv, `export default { keys: { k1: '${K1}' }, currentKid: 'k1' }\n`)
    const r1 = await run(['rewrap', '--config', noKv])
    expect(r1.code).toBe(2)
    expect(r1.err).toMatch(/kv must be a KeyValue/)

    const badKid = join(tmp, 'bad-kid.mjs')
    const kvSource = `{ get: async () => null, put: async () => {}, delete: async () => {}, putIfAbsent: async () => true, list: async () => ({ keys: [], cursor: null }) }`
    await writeFile(
      badKid,
      `export const kv = ${kvSource}\nexport const keys = { k1: '${K1}' }\nexport const currentKid = 'k9'\n`,
    )
    const r2 = await run(['rewrap', '--config', badKid])
    expect(r2.code).toBe(2)
    expect(r2.err).toMatch(/options\.currentKid "k9" is not in options\.keys/)
    expect(r2.err).not.toContain(K1)

    // named exports work too
    const named = join(tmp, 'named.mjs')
    await writeFile(
      named,
      `export const kv = ${kvSource}\nexport const keys = { k1: '${K1}' }\nexport const currentKid = 'k1'\n`,
    )
    const ok = await run(['rewrap', '--config', named])
    expect(ok.code).toBe(0)
    expect(ok.out).toContain('done: scanned 0')
  })
})
