import { describe, expect, it } from 'vitest'
import { OnOfficeApiError, createClient } from '../../src/index.ts'
import { SEC64, TOK32, envelope, result, stub } from './stub.ts'

const CLAIM = 'claim-0123456789-abcdefghij'

describe('OnOfficeApiError.message never carries the credentials the kit sent', () => {
  it('a server message echoing token, secret, claim and HMAC is scrubbed at construction (action and request level)', async () => {
    const echo = stub((b) => {
      const a = b.request.actions[0]!
      const msg = `denied token=${b.token} secret=${SEC64} claim=${String(a.parameters.extendedclaim)} hmac=${a.hmac} enc=${encodeURIComponent(a.hmac)}`
      return b.request.actions[0]!.resourcetype === 'estate'
        ? envelope([result(a, [], null, 137, msg)], {
            code: 200,
            errorcode: 97,
            message: 'Error in action',
          })
        : new Response(
            JSON.stringify({ status: { code: 400, errorcode: 13, message: msg }, response: [] }),
            { status: 200 },
          )
    })
    const client = createClient({
      token: TOK32,
      secret: SEC64,
      fetch: echo.fetch,
      retries: 0,
    }).withClaim(CLAIM)
    for (const resourcetype of ['estate', 'address']) {
      const err = await client.read(resourcetype).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(OnOfficeApiError)
      const { message, serverMessage, stack } = err as OnOfficeApiError
      const hmac = echo.actions().at(-1)!.hmac
      for (const text of [message, serverMessage, stack ?? '', String(err)]) {
        for (const secret of [TOK32, SEC64, CLAIM, hmac, encodeURIComponent(hmac)])
          expect(text).not.toContain(secret)
      }
      expect(serverMessage).toMatch(
        /^denied token=\[redacted\] secret=\[redacted\] claim=\[redacted\] hmac=\[redacted\] enc=\[redacted\]$/,
      )
    }
  })
})
