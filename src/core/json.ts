/** Canonical JSON: one text per value, whatever the key order — for cache keys, dedupe keys and sealed copies. */

// Byte order equals UTF-16 code-unit order for every key outside the astral planes; onOffice keys are ASCII.
export const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** JSON with object keys in byte order at every level (undefined members dropped): one text per value. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>
    return `{${Object.keys(obj)
      .sort(byteOrder)
      .filter((k) => obj[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
