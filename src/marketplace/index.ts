/**
 * The onOffice Marketplace protocol, framework-free: PHP-exact signed URLs, orders, service messages,
 * payment callbacks and kit session tokens. The PHP primitives are `onoffice-kit/php`, the zod schemas
 * `onoffice-kit/schemas`.
 * @module
 */
export type { QueryInput } from './php/php-array.ts'
export {
  verifySignedUrl,
  signUrl,
  signWebhookRequest,
  signedUrlStringToSign,
  MAX_SIGNED_QUERY_LENGTH,
  MAX_SIGNED_QUERY_PARAMS,
} from './signed-url.ts'
export type {
  SignedUrlFailureReason,
  SignWebhookRequestOptions,
  VerifySignedUrlOptions,
  VerifySignedUrlResult,
} from './signed-url.ts'
export { mintToken, verifyToken } from './tokens.ts'
export type {
  MintTokenOptions,
  TokenType,
  VerifyTokenOptions,
  VerifyTokenResult,
} from './tokens.ts'
export {
  signServiceMessage,
  verifyServiceMessage,
  SERVICE_MESSAGE_TYPES,
} from './service-message.ts'
export type { ServiceMessageType, SignedServiceMessage } from './service-message.ts'
export { buildOrder, signOrder, verifyOrder, OrderValidationError } from './order.ts'
export type {
  CircleOfUsers,
  Order,
  OrderAbo,
  OrderInput,
  OrderIssue,
  OrderProduct,
  SignedOrder,
} from './order.ts'
export { payloadStringToSign } from './signed-payload.ts'
export type { SignedPayloadFailureReason, VerifyPayloadOptions } from './signed-payload.ts'
export { verifyCallback } from './callback.ts'
export type { PaymentResult, VerifyCallbackResult } from './callback.ts'
export type { ActivationParams, CallbackParams, ServiceParams } from './params.ts'
export { BROWSER_HELPER_SCRIPT, BROWSER_HELPER_PATH } from './browser-helper.ts'
export {
  parseWebhookParams,
  verifyWebhook,
  WEBHOOK_MODULES,
  DEFAULT_WEBHOOK_RECORD_PARAMS,
} from './webhook-params.ts'
export type {
  NoWebhookParams,
  ParseWebhookParamsOptions,
  ParseWebhookParamsResult,
  VerifyWebhookResult,
  WebhookCustomParams,
  WebhookModule,
  WebhookParamIssue,
  WebhookParams,
  WebhookParamSchema,
  WebhookParamType,
  WebhookParamValue,
  WebhookRecord,
} from './webhook-params.ts'
