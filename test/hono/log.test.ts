import { afterEach, describe, expect, it, vi } from 'vitest'
import { log, scrub } from '../../src/hono/log.ts'

const SECRET = 'Zr8k3Jq0pW2xV9mN4bT6yH1cL5dF7gA0Zr8k3Jq0pW2xV9mN4bT6yH1cL5dF7gA0'

describe('log', () => {
  afterEach(() => vi.restoreAllMocks())

  it('keeps a foreign error message readable but drops credentials from it', () => {
    const lines: string[] = []
    vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line))
    log('kv read failed', new Error(`connect ECONNREFUSED redis://default:hunter2@10.0.0.5:6379 (token ${SECRET})`))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('[onoffice-kit] kv read failed: Error: connect ECONNREFUSED redis://[redacted]@10.0.0.5:6379')
    expect(lines[0]).not.toContain('hunter2')
    expect(lines[0]).not.toContain(SECRET.slice(0, 24))
  })

  it('leaves ordinary words, codes and short ids alone', () => {
    expect(scrub('Error 137: The HMAC is invalid. customerWebId 12345')).toBe('Error 137: The HMAC is invalid. customerWebId 12345')
  })

  it('logs only the type of a non-Error value', () => {
    const lines: string[] = []
    vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line))
    log('hook failed', SECRET)
    expect(lines).toEqual(['[onoffice-kit] hook failed: string'])
  })
})
