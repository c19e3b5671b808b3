/**
 * onoffice-kit/schemas — the zod (`zod/mini`) schemas of the Marketplace parameters and orders, for apps that
 * validate with zod themselves. Their zod major version is part of this subpath's contract, not of the root's.
 * @example
 * ```ts
 * import { z } from 'zod/mini'
 * import { serviceParamsSchema } from 'onoffice-kit/schemas'
 * const params = z.parse(serviceParamsSchema, verified.params)
 * ```
 * @module
 */
export {
  activationParamsSchema,
  serviceParamsSchema,
  callbackParamsSchema,
} from './marketplace/params.ts'
export { orderSchema, orderProductSchema, orderAboSchema } from './marketplace/order.ts'
