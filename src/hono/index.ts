/**
 * onoffice-kit/hono — the onOffice Marketplace layer for Hono: `onOffice(options)` with `routes()` (activation),
 * `launch()`, `session()` and `frameHeaders()`; `webhook(oo)`, `callback(oo)`, `order(c, …)`,
 * `serviceMessage(c, …)`, `purchases(c)` and `requirePurchase(product)`; and the `OnOfficeEnv` type for
 * `c.var.onoffice`. Each feature is its own export, so a bundle carries only the ones it imports.
 * @module
 */
export { onOffice, ACTIVATE_MAX_BODY_BYTES, type OnOffice } from './on-office.ts'
export { webhook } from './middleware/webhook.ts'
export { callback } from './middleware/callback.ts'
export { order } from './order.ts'
export { serviceMessage } from './service-message.ts'
export { acknowledge, type AcknowledgeOptions } from './acknowledge.ts'
export type {
  OnOfficeEnv,
  OnOfficeLaunchEnv,
  OnOfficeSessionEnv,
  OnOfficeWebhookEnv,
  OnOfficeCallbackEnv,
  OnOfficeContext,
  OnOfficeCallFields,
  OnOfficeCallIdentity,
  OnOfficeResourceFields,
  OnOfficeLaunchFields,
  OnOfficeSessionFields,
  OnOfficeWebhookFields,
  OnOfficeLaunchContext,
  OnOfficeSessionContext,
  OnOfficeWebhookContext,
  OnOfficeCallbackContext,
  OnOfficeSigningVars,
  OnOfficeRouteVars,
  PublicInstallation,
} from './env.ts'
export {
  OnOfficeOrderError,
  type OnOfficeOrderInput,
  type OrderProductInput,
  type OrderAboInput,
} from './order.ts'
export type { BoundEstate } from './estate.ts'
export {
  ORDER_REF_PARAM,
  purchases,
  requirePurchase,
  type CustomerPurchases,
  type RequirePurchaseOptions,
} from './purchases.ts'
export {
  parseImageIds,
  type BoundEstateFiles,
  type EstateUploadInput,
  type LaunchImages,
} from './files.ts'
export { MAX_SESSION_PARAM_CHARS, MAX_SESSION_TOKEN_CHARS } from './session-token.ts'
export {
  OnOfficeOptionsError,
  DEFAULT_FRAME_ANCESTORS,
  type OnOfficeOptions,
  type OptionValue,
  type OnOfficeLocale,
} from './options.ts'
export {
  OnOfficeFailureException,
  isOnOfficeFailureException,
  type OnOfficeFailure,
  type OnOfficeFailureReason,
} from './failure.ts'
export type { Lang } from './i18n.ts'
