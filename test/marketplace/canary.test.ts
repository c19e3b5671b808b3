import { describe, expect, it } from 'vitest'
import {
  buildOrder,
  mintToken,
  signOrder,
  signServiceMessage,
  signUrl,
  verifyCallback,
  verifyOrder,
  verifySignedUrl,
  verifyToken,
  type OrderInput,
} from '../../src/index.ts'

// Canary values: if any of them appears in a result or an error, something leaks.
const SECRET = 'CANARY-SECRET-7f3a9c'
const SESSION_SECRET = 'CANARY-SESSION-SECRET-0123456789abcdef'
const CLAIM = 'CANARY-CLAIM-b41d'
const TOKEN = 'CANARY-APITOKEN-0123456789abcdef'
const canaries = [SECRET, SESSION_SECRET, CLAIM, TOKEN]
const now = () => 1_700_000_000_000

function text(value: unknown): string {
  if (value instanceof Error)
    return `${value.name} ${value.message} ${value.stack ?? ''} ${JSON.stringify(value)} ${text((value as { cause?: unknown }).cause)}`
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

async function outcome(fn: () => Promise<unknown> | unknown): Promise<string> {
  try {
    return text(await fn())
  } catch (e) {
    return text(e)
  }
}

describe('no secret, claim or token text in any failure result or error', () => {
  it('signed URLs, callbacks, orders, tokens', async () => {
    const good = await signUrl(
      `https://p.example/x?apiClaim=${CLAIM}&apiToken=${TOKEN}&customerWebId=1&userId=2`,
      SECRET,
      { now },
    )
    const expected = new URL(good).searchParams.get('signature')!
    const bad = good.replace('userId=2', 'userId=3')
    const results: string[] = []
    const opts = { secret: SECRET, now }
    for (const url of [
      bad,
      `${good}&userId=9`,
      good.replace(/signature=\w+/, 'signature=zz'),
      good.replace(/timestamp=\d+/, 'timestamp=x'),
      good.replace(/&signature=\w+/, ''),
    ]) {
      results.push(await outcome(() => verifySignedUrl(url, opts)))
      results.push(await outcome(() => verifyCallback(url, opts)))
    }
    results.push(
      await outcome(() => verifySignedUrl(good, { secret: SECRET, now: () => now() + 10_000_000 })),
    )
    results.push(await outcome(() => verifyCallback(good, opts))) // authentic, not a callback → bad_callback
    results.push(await outcome(() => verifySignedUrl(`not a url ${CLAIM}`, opts)))
    results.push(await outcome(() => verifySignedUrl(good, { secret: SECRET, maxAgeSec: 0 })))
    results.push(
      await outcome(() => verifySignedUrl(good, { secret: SECRET, publicUrl: `bad ${SECRET}` })),
    )
    results.push(await outcome(() => signUrl(`nope ${CLAIM}`, SECRET)))
    results.push(
      await outcome(() =>
        buildOrder({
          parametercacheid: CLAIM,
          callbackurl: `x${TOKEN}`,
          products: [{ name: SECRET, price: CLAIM, quantity: TOKEN, circleofusers: CLAIM }],
        } as unknown as OrderInput),
      ),
    )
    results.push(
      await outcome(() =>
        signOrder(
          {
            parametercacheid: 'p',
            callbackurl: 'https://p.example',
            totalprice: '1.00',
            products: [{ name: 'a', price: '2.00', quantity: 1, circleofusers: '' }],
          },
          SECRET,
        ),
      ),
    )
    const signed = await signOrder(
      {
        parametercacheid: CLAIM,
        callbackurl: 'https://p.example',
        abo: {
          durationinmonth: 1,
          noticeperiod: '',
          automaticrenewal: '',
          monthlycosts: '1.00',
          monthlyservicedescription: 'x',
          circleofusers: '',
        },
      },
      SECRET,
      { now },
    )
    results.push(
      await outcome(() => verifyOrder({ ...signed, parametercacheid: 'other' }, SECRET, { now })),
    )
    results.push(
      await outcome(() =>
        signServiceMessage('bad' as 'onOffice.service.refreshParent', CLAIM, SECRET),
      ),
    )
    const token = await mintToken(
      'session',
      { apiClaim: CLAIM },
      { secret: SESSION_SECRET, audience: 'https://p.example', ttlSec: 60, now },
    )
    for (const t of [token, token.slice(0, -2), token + 'x', `${CLAIM}.${TOKEN}`]) {
      results.push(
        await outcome(() =>
          verifyToken('activation', t, {
            secret: SESSION_SECRET,
            audience: 'https://p.example',
            now,
          }),
        ),
      )
      results.push(
        await outcome(() =>
          verifyToken('session', t, {
            secret: SESSION_SECRET,
            audience: 'https://other.example',
            now,
          }),
        ),
      )
      results.push(
        await outcome(() =>
          verifyToken('session', t, {
            secret: SESSION_SECRET,
            audience: 'https://p.example',
            now: () => now() + 3_600_000,
          }),
        ),
      )
    }
    results.push(
      await outcome(() =>
        mintToken('session', { apiClaim: CLAIM }, { secret: SECRET, audience: 'a', ttlSec: 60 }),
      ),
    )
    results.push(
      await outcome(() =>
        mintToken('session', { typ: CLAIM }, { secret: SESSION_SECRET, audience: 'a', ttlSec: 60 }),
      ),
    )

    expect(results.length).toBeGreaterThan(30)
    for (const r of results) {
      for (const c of [...canaries, expected, token]) expect(r).not.toContain(c)
    }
  })
  it('the canary is able to fail (a successful verification does return the claim)', async () => {
    const good = await signUrl(`https://p.example/x?apiClaim=${CLAIM}`, SECRET, { now })
    expect(await outcome(() => verifySignedUrl(good, { secret: SECRET, now }))).toContain(CLAIM)
  })
})
