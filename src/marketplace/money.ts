/**
 * Prices as onOffice wants them: decimal strings with exactly two places (`"25.10"`). Arithmetic in
 * integer cents (BigInt), so totals never drift the way `0.1 + 0.2` does.
 */

/** `"25.10"`: digits, a dot, exactly two decimals. */
export const PRICE = /^\d+\.\d{2}$/

/** `"25.10"` → 2510n. The input must match {@link PRICE}. */
export function priceToCents(price: string): bigint {
  const [units, cents] = price.split('.') as [string, string]
  return BigInt(units) * 100n + BigInt(cents)
}

/** 2510n → `"25.10"`. */
export function centsToPrice(cents: bigint): string {
  const units = cents / 100n
  const rest = cents % 100n
  return `${units}.${rest.toString().padStart(2, '0')}`
}
