/** Reading untrusted request bodies: bounded, and only the shape the caller can use. */

/**
 * The JSON object a request body carries, or `null` when the body is larger than `maxBytes`, is not JSON, or is
 * JSON but not a plain object (an array, `null`, a scalar). Reads at most `maxBytes + 1` bytes, then stops the
 * stream: the cost is linear in the bound, whatever the client sends. Never throws for a bad body.
 * @example
 * ```ts
 * const body = await readJsonObject(request, 16 * 1024)
 * if (body === null || typeof body.activation !== 'string') return new Response('bad request', { status: 400 })
 * ```
 */
export async function readJsonObject(
  request: Request,
  maxBytes: number,
): Promise<Record<string, unknown> | null> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes || request.body === null) return null
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined)
        return null
      }
      chunks.push(value)
    }
  } catch {
    return null
  }
  const bytes = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    bytes.set(c, at)
    at += c.byteLength
  }
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}
