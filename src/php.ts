/**
 * onoffice-kit/php — the PHP 8 primitives behind onOffice's signatures, byte-exact: `urlencode`, `rawurlencode`,
 * `http_build_query`, `parse_str`, `ksort` and PHP's float-to-string. For your own tooling and for checking a
 * signature by hand; `verifySignedUrl` and `signOrder` in `onoffice-kit` use them for you.
 * @example
 * ```ts
 * import { httpBuildQuery, ksort } from 'onoffice-kit/php'
 * httpBuildQuery(ksort({ b: '2', a: '1' })) // 'a=1&b=2'
 * ```
 * @module
 */
export { phpUrlencode, phpRawurlencode } from './marketplace/php/urlencode.ts'
export { httpBuildQuery } from './marketplace/php/http-build-query.ts'
export type { HttpBuildQueryOptions } from './marketplace/php/http-build-query.ts'
export { phpFloatToString } from './marketplace/php/php-float.ts'
export { parseStr } from './marketplace/php/parse-str.ts'
export type { ParsedQuery } from './marketplace/php/parse-str.ts'
export { ksort, ksortRecursive } from './marketplace/php/ksort.ts'
export type { QueryContainer, QueryInput } from './marketplace/php/php-array.ts'
