import type { Call } from './caller.ts'
import { numericId, objectCall, str } from './list.ts'

/** One value of a multiselect field (apidoc Get multiselect configuration). */
export interface MultiselectValue {
  id: number
  /** The key stored in records (`field`). */
  value: string
  /** The label shown in enterprise (`fieldcontent`). */
  label: string
  active: boolean
  isDefault: boolean
  position: number
  /** 1 for top-level values. */
  level: number
  /** `value` of the parent value, `null` at the top. */
  parent: string | null
}

/** The modules `multiselect.get` accepts (apidoc). */
export type MultiselectModule =
  | 'estate'
  | 'address'
  | 'calendar'
  | 'task'
  | 'agentsLog'
  | 'project'
  | 'fakturaArticleAdministration'
  | 'fakturaBookings'

/** Multiselect helpers. */
export interface MultiselectApi {
  /**
   * The values of one multiselect field with labels and hierarchy (`get`/`multiselectconfiguration`), by
   * position; `parent`/`level` give the tree.
   * @example
   * ```ts
   * const sources = await client.multiselect.get('address', 'HerkunftKontakt', { language: 'ENG' })
   * const portals = sources.filter((v) => v.parent === 'portal_system')
   * ```
   */
  get(
    module: MultiselectModule,
    field: string,
    opts?: { language?: string },
  ): Promise<MultiselectValue[]>
}

const truthy = (v: unknown) => v === true || v === 1 || v === '1'

export function multiselectApi(rawCall: Call): MultiselectApi {
  const call = objectCall(rawCall)
  return {
    async get(module, field, opts = {}) {
      if (typeof module !== 'string' || (module as string) === '')
        throw new TypeError('multiselect.get: module must be a module name such as address')
      if (typeof field !== 'string' || field === '')
        throw new TypeError('multiselect.get: field must be the name of a multiselect field')
      const result = await call({
        kind: 'get',
        resourcetype: 'multiselectconfiguration',
        parameters: { ...opts, module, fields: [field] },
      })
      return result.records
        .filter(
          (r) => r.elements.multiselectfield === undefined || r.elements.multiselectfield === field,
        )
        .map((r) => {
          const e = r.elements
          const parent = str(e.parent)
          return {
            id: numericId(r),
            value: str(e.field) ?? '',
            label: str(e.fieldcontent) ?? '',
            active: e.active === undefined ? true : truthy(e.active),
            isDefault: truthy(e.default),
            position: Number(e.position) || 0,
            level: Number(e.level) || 1,
            parent: parent === undefined || parent === '' ? null : parent,
          }
        })
        .sort((a, b) => a.position - b.position)
    },
  }
}
