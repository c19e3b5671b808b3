/**
 * The six onOffice action kinds and their URNs (reference §1.2). `read` and `get` are the only
 * kinds that are safe to send twice; everything else changes data.
 */
export const ACTION_IDS = {
  read: 'urn:onoffice-de-ns:smart:2.5:smartml:action:read',
  get: 'urn:onoffice-de-ns:smart:2.5:smartml:action:get',
  create: 'urn:onoffice-de-ns:smart:2.5:smartml:action:create',
  modify: 'urn:onoffice-de-ns:smart:2.5:smartml:action:modify',
  delete: 'urn:onoffice-de-ns:smart:2.5:smartml:action:delete',
  do: 'urn:onoffice-de-ns:smart:2.5:smartml:action:do',
} as const

/** An action kind: `read | get | create | modify | delete | do`. */
export type ActionKind = keyof typeof ACTION_IDS

/** The full URN of an action kind, as sent in `actionid`. */
export type ActionId = (typeof ACTION_IDS)[ActionKind]

const KIND_BY_ID = new Map<string, ActionKind>(
  Object.entries(ACTION_IDS).map(([kind, id]) => [id, kind as ActionKind]),
)

/** The action kind of a URN, or `undefined` for an unknown one. */
export function actionKindOf(actionId: string): ActionKind | undefined {
  return KIND_BY_ID.get(actionId)
}

/** `true` for `read` and `get`: the kinds that may be retried and deduplicated. */
export function isReadKind(kind: ActionKind): boolean {
  return kind === 'read' || kind === 'get'
}
