export { ACTION_IDS, actionKindOf, isReadKind } from './actions.ts'
export type { ActionId, ActionKind } from './actions.ts'
export { hmacV2 } from './hmac.ts'
