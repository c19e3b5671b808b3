/**
 * The onOffice Marketplace protocol, framework-free: PHP-exact signed URLs, orders, service messages,
 * payment callbacks, parameter schemas and kit session tokens.
 * @module
 */
export { phpUrlencode, phpRawurlencode } from './php/urlencode.ts'
export { httpBuildQuery } from './php/http-build-query.ts'
export type { HttpBuildQueryOptions } from './php/http-build-query.ts'
export { phpFloatToString } from './php/php-float.ts'
export { parseStr } from './php/parse-str.ts'
export type { ParsedQuery } from './php/parse-str.ts'
export { ksort, ksortRecursive } from './php/ksort.ts'
export type { QueryInput, QueryContainer } from './php/php-array.ts'
export { verifySignedUrl, signUrl, signedUrlStringToSign, SECURITY_PARAMS } from './signed-url.ts'
export type { SignedUrlFailureReason, VerifySignedUrlOptions, VerifySignedUrlResult } from './signed-url.ts'
export { mintToken, verifyToken } from './tokens.ts'
export type { MintTokenOptions, TokenType, VerifyTokenOptions, VerifyTokenResult } from './tokens.ts'
export { signServiceMessage, verifyServiceMessage, SERVICE_MESSAGE_TYPES } from './service-message.ts'
export type { ServiceMessageType, SignedServiceMessage } from './service-message.ts'
export { orderSchema, orderProductSchema, orderAboSchema, buildOrder, signOrder, verifyOrder, OrderValidationError } from './order.ts'
export type { CircleOfUsers, Order, OrderAbo, OrderInput, OrderIssue, OrderProduct, SignedOrder } from './order.ts'
export { payloadStringToSign } from './signed-payload.ts'
export type { SignedPayloadFailureReason, VerifyPayloadOptions } from './signed-payload.ts'
export { verifyCallback } from './callback.ts'
export type { PaymentResult, VerifyCallbackResult } from './callback.ts'
export { activationParamsSchema, serviceParamsSchema, callbackParamsSchema } from './params.ts'
export type { ActivationParams, CallbackParams, ServiceParams } from './params.ts'
export { BROWSER_HELPER_SCRIPT, BROWSER_HELPER_PATH } from './browser-helper.ts'
