/**
 * How PHP's `http_build_query` prints a float: `sprintf('%.*G', ini precision = 14, $x)`, i.e.
 * `php_gcvt(x, 14, '.', 'E')` — up to 14 significant digits, trailing zeros dropped, exponent form
 * (`1.0E+20`, `1.0E-5`) when the decimal exponent is below -4 or above 14. `NAN`, `INF`, `-INF`.
 */

/** Significant digits (no trailing zeros) and PHP's `decpt` of |x|, rounded half-even like zend_dtoa. */
function digitsOf(a: number, precision: number): { digits: string; decpt: number } {
  const [mant, exp] = a.toExponential(precision - 1).split('e') as [string, string]
  let digits = mant.replace('.', '')
  let decpt = Number(exp) + 1
  // toExponential rounds exact ties up; zend_dtoa rounds them to even. A tie is only possible if the
  // exact value has exactly precision+1 significant digits ending in 5, which toExponential(99) shows.
  const exact = a.toExponential(99)
  const exactDigits = exact.slice(0, exact.indexOf('e')).replace('.', '')
  if (exactDigits[precision] === '5' && /^0*$/.test(exactDigits.slice(precision + 1))) {
    const truncated = exactDigits.slice(0, precision)
    if (Number(truncated[precision - 1]) % 2 === 0) {
      digits = truncated
      decpt = Number(exact.slice(exact.indexOf('e') + 1)) + 1
    }
  }
  digits = digits.replace(/0+$/, '') || '0'
  return { digits, decpt }
}

/**
 * `x` as PHP's `http_build_query` prints a float (precision 14).
 * @example
 * ```ts
 * phpFloatToString(5.5)   // '5.5'
 * phpFloatToString(0.1 + 0.2) // '0.3'
 * phpFloatToString(1e20)  // '1.0E+20'
 * ```
 */
export function phpFloatToString(x: number, precision = 14): string {
  if (Number.isNaN(x)) return 'NAN'
  if (!Number.isFinite(x)) return x > 0 ? 'INF' : '-INF'
  if (x === 0) return Object.is(x, -0) ? '-0' : '0'
  const neg = x < 0
  const { digits, decpt } = digitsOf(Math.abs(x), precision)
  let out: string
  if (decpt < 0 ? decpt < -3 : decpt > precision) {
    const e = decpt - 1
    out =
      digits[0]! +
      '.' +
      (digits.length > 1 ? digits.slice(1) : '0') +
      'E' +
      (e < 0 ? '-' : '+') +
      Math.abs(e)
  } else if (decpt <= 0) {
    out = '0.' + '0'.repeat(-decpt) + digits
  } else {
    const intPart =
      digits.length >= decpt ? digits.slice(0, decpt) : digits + '0'.repeat(decpt - digits.length)
    const frac = digits.slice(decpt)
    out = intPart + (frac ? '.' + frac : '')
  }
  return neg ? '-' + out : out
}
