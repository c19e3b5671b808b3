/**
 * Golden vectors of reference §8 as fixed strings: computed by onOffice's PHP code (or printed by the official
 * SDK), never by ours. Only these catch a canonicalisation or HMAC bug that signer and verifier share.
 */
export const PSEC = 'provider-secret-0123456789'
/** T6: an activation URL's string-to-sign and its signature under {@link PSEC}. */
export const T6_TO_SIGN =
  'https://provider.example/onoffice/activate?apiClaim=abc-DEF_123.xyz&apiToken=0123456789abcdef0123456789abcdef&customerName=Muster+Immobilien+GmbH+%26+Co.+KG&customerWebId=12345&parameterCacheId=6802c44a-7ac0-4210-a3d4-e5581e3fa0b6&timestamp=1700000000&userId=17'
export const T6_SIG = '8fc725c61f64983f958f95555a18e55ba2ff3fb1725af035b3bfa8516dccdb67'
/** T7: a service launch with macro parameters and UTF-8. */
export const T7_TO_SIGN =
  'https://provider.example/onoffice/service?UserLanguage=ENG&apiClaim=a%2Bb%2Fc%3Dd%7Ee%2Af&customerName=M%C3%BCller+H%C3%A4user&customerWebId=12345&estateId=4711&groupId=3&imageIds=1%2C2%2C3&language=DEU&myParam=x&parameterCacheId=6802c44a-7ac0-4210-a3d4-e5581e3fa0b6&timestamp=1700000000&userId=17'
export const T7_SIG = 'b25b3d2deeb51864e55d9778ca9fad0a5893f6fbe842fb0e1d1c0adf74e5265d'
/** The timestamp T6 and T7 carry. */
export const T_SEC = 1700000000
