import { describe, expect, it } from 'vitest'
import {
  clock,
  httpUrl,
  longSecret,
  nonNegativeSeconds,
  positiveSeconds,
  secretList,
} from '../../src/core/check.ts'
import { OnOfficeConfigError } from '../../src/core/errors.ts'

const SECRET_VALUE = 'hunter2-do-not-print'

function thrown(run: () => unknown): OnOfficeConfigError {
  try {
    run()
  } catch (e) {
    expect(e).toBeInstanceOf(OnOfficeConfigError)
    expect(e).toBeInstanceOf(TypeError)
    return e as OnOfficeConfigError
  }
  throw new Error('did not throw')
}

describe('option checks throw OnOfficeConfigError naming the option, never the value', () => {
  it.each<[string, () => unknown, string, RegExp]>([
    [
      'secretList: blank entry',
      () => secretList('fn', 'opts.secret', ['ok', '  ']),
      'opts.secret',
      /non-empty/,
    ],
    [
      'secretList: empty list',
      () => secretList('fn', 'opts.secret', []),
      'opts.secret',
      /non-empty array/,
    ],
    [
      'secretList: not a string',
      () => secretList('fn', 'opts.secret', [SECRET_VALUE, 5]),
      'opts.secret',
      /non-empty strings/,
    ],
    [
      'longSecret: short',
      () => longSecret('fn', 'opts.secret', SECRET_VALUE),
      'opts.secret',
      /too short: .*at least 32 bytes/,
    ],
    [
      'longSecret: missing',
      () => longSecret('fn', 'opts.secret', undefined),
      'opts.secret',
      /is missing/,
    ],
    [
      'httpUrl: relative',
      () => httpUrl('fn', 'opts.publicUrl', `/${SECRET_VALUE}`, 'the base'),
      'opts.publicUrl',
      /absolute http\(s\) URL/,
    ],
    [
      'httpUrl: ftp',
      () => httpUrl('fn', 'opts.publicUrl', `ftp://${SECRET_VALUE}.example`, 'the base'),
      'opts.publicUrl',
      /http\(s\)/,
    ],
    [
      'positiveSeconds: 0',
      () => positiveSeconds('fn', 'opts.maxAgeSec', 0, 300),
      'opts.maxAgeSec',
      /greater than 0/,
    ],
    [
      'positiveSeconds: Infinity',
      () => positiveSeconds('fn', 'opts.maxAgeSec', Infinity, 300),
      'opts.maxAgeSec',
      /finite/,
    ],
    [
      'positiveSeconds: required',
      () => positiveSeconds('fn', 'opts.ttlSec', undefined),
      'opts.ttlSec',
      /greater than 0/,
    ],
    [
      'nonNegativeSeconds: -1',
      () => nonNegativeSeconds('fn', 'opts.leewaySec', -1, 5),
      'opts.leewaySec',
      /≥ 0/,
    ],
    [
      'clock: not a function',
      () => clock('fn', 'opts.now', 5),
      'opts.now',
      /function returning milliseconds/,
    ],
  ])('%s', (_name, run, option, message) => {
    const e = thrown(run)
    expect(e.code).toBe('ERR_ONOFFICE_CONFIG')
    expect(e.option).toBe(option)
    expect(e.message).toMatch(new RegExp(`^fn: ${option.replace('.', '\\.')} `))
    expect(e.message).toMatch(message)
    expect(e.message).not.toContain(SECRET_VALUE)
    // The rule alone, for a layer that names the option its own way (onOffice()'s OnOfficeOptionsError).
    expect(e.message).toBe(`fn: ${option} ${e.rule}`)
    expect(e.rule).toMatch(message)
  })

  it('valid values pass through; defaults apply only to undefined', () => {
    expect(secretList('fn', 'opts.secret', 's')).toEqual(['s'])
    expect(secretList('fn', 'opts.secret', ['a', 'b'])).toEqual(['a', 'b'])
    expect(longSecret('fn', 'opts.secret', 'ü'.repeat(16))).toBe('ü'.repeat(16)) // 32 UTF-8 bytes
    expect(() => longSecret('fn', 'opts.secret', 'ü'.repeat(15))).toThrow(/too short/)
    expect(httpUrl('fn', 'o', 'https://p.example/x', '').href).toBe('https://p.example/x')
    expect(positiveSeconds('fn', 'o', undefined, 300)).toBe(300)
    expect(positiveSeconds('fn', 'o', 0.5, 300)).toBe(0.5)
    expect(nonNegativeSeconds('fn', 'o', 0, 5)).toBe(0)
    expect(clock('fn', 'o', undefined)).toBe(Date.now)
  })
})
