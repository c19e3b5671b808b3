import { describe, expect, it } from 'vitest'
import { createClient, createProviderClient } from '../../src/index.ts'
import { SEC64, TOK32 } from './stub.ts'

const messageOf = (fn: () => unknown): string => {
  try {
    fn()
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('did not throw')
}

describe('credentials checked at construction', () => {
  it('accepts a 32-character token and a 64-character secret', () => {
    expect(() => createClient({ token: TOK32, secret: SEC64 })).not.toThrow()
  })

  it('detects swapped token and secret without printing either', () => {
    const msg = messageOf(() => createClient({ token: SEC64, secret: TOK32 }))
    expect(msg).toMatch(/swapped/)
    expect(msg).not.toContain(TOK32)
    expect(msg).not.toContain(SEC64)
    expect(msg).not.toContain('0123456789abcdef')
  })

  it.each([
    [
      'short token',
      { token: 'tok-abc-too-short-xyz', secret: SEC64 },
      /options\.token must have 32 characters, it has 21/,
    ],
    [
      'long token',
      { token: TOK32 + 'Z', secret: SEC64 },
      /options\.token must have 32 characters, it has 33/,
    ],
    [
      'short secret',
      { token: TOK32, secret: 'sec-qwertyuiop-too-short' },
      /options\.secret must have 64 characters, it has 24/,
    ],
    ['empty token', { token: '', secret: SEC64 }, /options\.token must be the API token/],
    ['same values', { token: SEC64, secret: SEC64 }, /are the same value/],
  ])('%s gives a message that says so and never the values', (_n, creds, re) => {
    const msg = messageOf(() => createClient(creds))
    expect(msg).toMatch(re)
    expect(msg).not.toContain(creds.token || '\u0000')
    expect(msg).not.toContain(creds.secret)
    expect(messageOf(() => createProviderClient(creds))).toMatch(/^createProviderClient:/)
  })

  it.each([
    [{ apiVersion: 'beta' }, /apiVersion must be 'stable' or 'latest'/],
    [{ endpoint: 'not a url' }, /endpoint must be an absolute http\(s\) URL/],
    [{ endpoint: 'ftp://x/api.php' }, /endpoint must be an absolute http\(s\) URL/],
    [{ timeoutMs: 0 }, /timeoutMs must be a positive number/],
    [{ retries: -1 }, /retries must be an integer ≥ 0/],
    [{ maxActionsPerRequest: 0 }, /maxActionsPerRequest must be an integer ≥ 1/],
    [{ fetch: 'fetch' }, /fetch must be a function/],
    [{ claim: '' }, /claim must be a non-empty string/],
  ])('rejects invalid option %o', (extra, re) => {
    expect(() => createClient({ token: TOK32, secret: SEC64, ...(extra as object) })).toThrow(re)
  })
})
