import { describe, expect, it } from 'vitest'
import {
  KV_LIST_DEFAULT_LIMIT,
  KV_LIST_MAX_LIMIT,
  prefixUpperBound,
  resolveListOptions,
} from '../../src/store/index.ts'

describe('resolveListOptions', () => {
  it('fills the defaults: first page, 100 keys', () => {
    expect(resolveListOptions('p:', undefined, 'x.list')).toEqual({
      prefix: 'p:',
      cursor: null,
      limit: KV_LIST_DEFAULT_LIMIT,
    })
    expect(resolveListOptions('', { cursor: 'c', limit: KV_LIST_MAX_LIMIT }, 'x.list')).toEqual({
      prefix: '',
      cursor: 'c',
      limit: 1000,
    })
  })

  it('names the option that is wrong', () => {
    expect(() => resolveListOptions(1, undefined, 'x.list')).toThrow(
      /x\.list: prefix must be a string/,
    )
    expect(() => resolveListOptions('p', { cursor: 5 as unknown as string }, 'x.list')).toThrow(
      /options\.cursor/,
    )
    for (const limit of [0, 1001, 2.5, Number.NaN])
      expect(() => resolveListOptions('p', { limit }, 'x.list')).toThrow(RangeError)
  })
})

describe('prefixUpperBound', () => {
  it('is the prefix with its last code point plus one', () => {
    expect(prefixUpperBound('installation:')).toBe('installation;')
    expect(prefixUpperBound('Grü')).toBe('Grý')
    expect(prefixUpperBound('🏠')).toBe('🏡')
  })

  it('skips the surrogate range and carries over U+10FFFF', () => {
    expect(prefixUpperBound('a\uD7FF')).toBe('a\uE000')
    expect(prefixUpperBound('a\u{10FFFF}')).toBe('b')
  })

  it('has no bound for the empty prefix or one of only U+10FFFF', () => {
    expect(prefixUpperBound('')).toBeNull()
    expect(prefixUpperBound('\u{10FFFF}\u{10FFFF}')).toBeNull()
  })
})
