import { describe, expect, it } from 'vitest'
import { createBreaker, retryAfterMs } from '../../src/api/breaker.ts'
import { createLimiter } from '../../src/api/limiter.ts'

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}
const flush = () => new Promise((r) => setTimeout(r, 0))

describe('createLimiter', () => {
  it('caps tasks in flight per key, starts queued ones in order, never blocks another key', async () => {
    const limiter = createLimiter({ maxConcurrent: 2 })
    const started: string[] = []
    const gates = new Map<string, ReturnType<typeof deferred>>()
    const task = (name: string) => () => {
      started.push(name)
      const d = deferred()
      gates.set(name, d)
      return d.promise.then(() => name)
    }
    const a = ['a1', 'a2', 'a3', 'a4'].map((n) => limiter.run('A', task(n)))
    const b = limiter.run('B', task('b1'))
    await flush()
    expect(started).toEqual(['a1', 'a2', 'b1'])
    expect(limiter.queued('A')).toBe(2)
    gates.get('a2')!.resolve()
    await flush()
    expect(started).toEqual(['a1', 'a2', 'b1', 'a3'])
    for (const n of ['a1', 'a3', 'b1']) gates.get(n)!.resolve()
    await flush()
    gates.get('a4')!.resolve()
    expect(await Promise.all(a)).toEqual(['a1', 'a2', 'a3', 'a4'])
    expect(await b).toBe('b1')
    expect(limiter.queued('A')).toBe(0)
  })

  it('an aborted queued task leaves the queue with the abort reason and never runs', async () => {
    const limiter = createLimiter({ maxConcurrent: 1 })
    const first = deferred()
    const p1 = limiter.run('A', () => first.promise)
    const ctl = new AbortController()
    let ran = false
    const p2 = limiter.run('A', async () => void (ran = true), ctl.signal)
    const p3 = limiter.run('A', async () => 'third')
    ctl.abort(new Error('user left'))
    await expect(p2).rejects.toThrow('user left')
    first.resolve()
    await p1
    expect(await p3).toBe('third')
    expect(ran).toBe(false)
    const aborted = AbortSignal.abort()
    await expect(limiter.run('A', async () => 1, aborted)).rejects.toMatchObject({
      name: 'AbortError',
    })
  })

  it('a failing task frees its slot and rejects with its own error', async () => {
    const limiter = createLimiter({ maxConcurrent: 1 })
    await expect(limiter.run('A', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    await expect(
      limiter.run('A', () => {
        throw new Error('sync')
      }),
    ).rejects.toThrow('sync')
    expect(await limiter.run('A', async () => 'ok')).toBe('ok')
  })

  it('the token bucket spaces a burst out at perSec', async () => {
    let t = 0
    const limiter = createLimiter({
      maxConcurrent: 10,
      rate: { perSec: 1000, burst: 2 },
      now: () => t,
    })
    const started: number[] = []
    const runs = [0, 1, 2, 3].map((i) => limiter.run('A', async () => void started.push(i)))
    await flush()
    expect(started).toEqual([0, 1])
    t += 2 // 2 ms at 1000/s = 2 tokens
    await new Promise((r) => setTimeout(r, 10))
    await Promise.all(runs)
    expect(started).toEqual([0, 1, 2, 3])
  })

  it.each([
    [{ maxConcurrent: 0 }, /maxConcurrent/],
    [{ maxConcurrent: 1.5 }, /maxConcurrent/],
    [{ rate: { perSec: 0 } }, /perSec/],
    [{ rate: { perSec: 1, burst: 0 } }, /burst/],
  ])('rejects %j', (opts, re) => {
    expect(() => createLimiter(opts)).toThrow(re)
  })
})

describe('createBreaker', () => {
  it('closed → open after N failures → half-open after openMs → closed on success / open on failure', () => {
    let t = 1000
    const b = createBreaker({ failureThreshold: 3, openMs: 500, now: () => t })
    const rows: Array<[string, 'success' | 'failure' | null, boolean, string]> = [
      // [step, outcome reported after acquire, acquire ok?, state after]
      ['1st failure', 'failure', true, 'closed'],
      ['2nd failure', 'failure', true, 'closed'],
      ['3rd failure opens', 'failure', true, 'open'],
      ['fails fast while open', null, false, 'open'],
    ]
    for (const [step, outcome, ok, state] of rows) {
      const gate = b.acquire()
      expect(gate.ok, step).toBe(ok)
      if (!gate.ok) expect(gate.retryAt, step).toBe(1500)
      if (outcome) b.report(outcome)
      expect(b.state, step).toBe(state)
    }
    t = 1500
    expect(b.state).toBe('half-open')
    expect(b.acquire().ok).toBe(true)
    expect(b.acquire().ok).toBe(false) // one trial at a time
    b.report('failure')
    expect(b.state).toBe('open')
    t = 2000
    expect(b.acquire().ok).toBe(true)
    b.report('success')
    expect(b.state).toBe('closed')
    expect(b.acquire().ok).toBe(true)
  })

  it('a success resets the count of consecutive failures', () => {
    const b = createBreaker({ failureThreshold: 2 })
    b.report('failure')
    b.report('success')
    b.report('failure')
    expect(b.state).toBe('closed')
  })
})

describe('retryAfterMs', () => {
  const now = Date.UTC(2026, 11, 1, 12, 0, 0)
  it.each([
    ['30', 30_000],
    [' 3 ', 3_000],
    ['Tue, 01 Dec 2026 12:00:10 GMT', 10_000],
    ['Tue, 01 Dec 2026 11:00:00 GMT', 0],
    ['99999', 60_000],
    ['soon', null],
    ['', null],
    [null, null],
  ])('%j → %j', (header, ms) => {
    expect(retryAfterMs(header, now, 60_000)).toBe(ms)
  })
})
