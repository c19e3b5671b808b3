import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseErrorCodeTsv, TSV_PATH } from '../../scripts/gen-error-codes.ts'
import { OnOfficeApiError, errorCodeInfo, isKnownErrorCode } from '../../src/index.ts'
import { ERROR_CODES } from '../../src/testing/index.ts'
import { SERVER_MESSAGES } from '../../src/testing/fake/messages.ts'

// The source data is committed (scripts/data/onoffice-error-codes.tsv, a copy of the reference list), so this runs
// in every clone; the generated tables are compared with it as data.
const rows = parseErrorCodeTsv(readFileSync(TSV_PATH, 'utf8'))
const categories = [
  'auth',
  'claim',
  'clock',
  'permission',
  'validation',
  'not_found',
  'transient',
  'unknown',
]

describe('error code table', () => {
  it('the generated tables are the TSV: every code known, every message verbatim, nothing else', () => {
    expect(rows.length).toBeGreaterThan(280)
    expect(SERVER_MESSAGES).toEqual(Object.fromEntries(rows.map((r) => [r.code, r.message])))
    const known = new Set(rows.map((r) => r.code))
    for (let code = 0; code <= 1100; code++)
      expect(isKnownErrorCode(code), `code ${code}`).toBe(known.has(code))
    for (const { code, message } of rows) {
      expect(categories).toContain(errorCodeInfo(code).category)
      const info = ERROR_CODES.get(code)
      expect(info, `code ${code}`).toBeDefined()
      expect(info!.message).toBe(message)
      expect(info!.hint.length).toBeGreaterThan(10)
    }
    expect(ERROR_CODES.size).toBe(rows.length)
  })

  it('the hand-written categories and hints name only codes of the list', () => {
    const generic = errorCodeInfo(123456)
    const known = new Set(rows.map((r) => r.code))
    for (let code = 0; code <= 1100; code++) {
      if (!known.has(code)) expect(errorCodeInfo(code), `code ${code}`).toEqual(generic)
    }
  })

  it.each([
    [137, 'auth', /32.*64.*swapped/],
    [136, 'clock', /server clock/],
    [201, 'claim', /relaunch/],
    [193, 'claim', /extendedclaim/],
    [248, 'claim', /apiClaim/],
    [190, 'not_found', /900 s/],
    [210, 'validation', /refund/],
    [214, 'validation', /1100\.50/],
    [22, 'auth', /blocked/],
    [80, 'not_found', /rights/],
    [149, 'permission', /right/],
  ])('code %i → %s with an actionable hint', (code, category, hint) => {
    expect(errorCodeInfo(code).category).toBe(category)
    expect(errorCodeInfo(code).hint).toMatch(hint)
  })

  it('only clock and transient codes are retryable; an unlisted code is unknown', () => {
    for (const [, info] of ERROR_CODES)
      expect(info.retryable).toBe(info.category === 'clock' || info.category === 'transient')
    expect(errorCodeInfo(123456)).toMatchObject({ category: 'unknown', retryable: false })
    expect(isKnownErrorCode(123456)).toBe(false)
    // Known codes no category list names are request errors; unlisted ones in between are unknown.
    expect(errorCodeInfo(14).category).toBe('validation')
    expect(errorCodeInfo(2)).toMatchObject({ category: 'unknown', retryable: false })
  })

  it('OnOfficeApiError flags installation-dead and claim codes', () => {
    for (const code of [22, 42, 48, 153])
      expect(new OnOfficeApiError({ errorCode: code, serverMessage: '' }).installationBlocked).toBe(
        true,
      )
    for (const code of [193, 201, 248])
      expect(new OnOfficeApiError({ errorCode: code, serverMessage: '' }).claimError).toBe(true)
    expect(new OnOfficeApiError({ errorCode: 80, serverMessage: '' })).toMatchObject({
      installationBlocked: false,
      claimError: false,
    })
    expect(
      new OnOfficeApiError({ errorCode: 137, serverMessage: 'The HMAC is invalid' }).message,
    ).toMatch(/^onOffice error 137: The HMAC is invalid\. The HMAC is invalid: check/)
  })
})
