import { FakeActionError } from '../action-error.ts'
import { FIELD_CONFIG } from '../field-config.ts'
import type { ActionContext, ActionOutput } from './context.ts'

/** read/basicsettings: `data.basicData.characteristicsCi` names → colours (hex without `#`) and base64 logo. */
export function readBasicSettings(ctx: ActionContext): ActionOutput {
  const all = ctx.state.basicSettings.characteristicsCi
  const data = ctx.parameters.data as { basicData?: { characteristicsCi?: unknown } } | undefined
  const wanted = data?.basicData?.characteristicsCi
  const characteristicsCi: Record<string, string> = {}
  if (Array.isArray(wanted)) {
    for (const key of wanted) if (typeof key === 'string' && key in all) characteristicsCi[key] = all[key]!
  } else {
    Object.assign(characteristicsCi, all)
  }
  return { cntabsolute: 1, records: [{ id: 1, type: null, elements: { basicData: { characteristicsCi } } }] }
}

/** get/fields: one record per module (`id` = module name); `labels`, `fieldList`. */
export function getFields(ctx: ActionContext): ActionOutput {
  const p = ctx.parameters
  let modules = Object.keys(FIELD_CONFIG)
  if (p.modules !== undefined) {
    if (!Array.isArray(p.modules)) throw new FakeActionError(74)
    modules = p.modules.map(String)
    for (const m of modules) if (!FIELD_CONFIG[m]) throw new FakeActionError(163)
  }
  const only = Array.isArray(p.fieldList) ? new Set(p.fieldList.map(String)) : null
  const labels = p.labels === true || p.labels === 1
  const records = modules.map((module) => {
    const elements: Record<string, unknown> = {}
    for (const [name, def] of Object.entries(FIELD_CONFIG[module]!)) {
      if (only && !only.has(name)) continue
      elements[name] = {
        type: def.type,
        length: def.length ?? null,
        permittedvalues: def.permittedvalues ?? null,
        default: null,
        filters: [],
        dependencies: [],
        compoundField: [],
        ...(labels ? { label: def.label } : {}),
      }
    }
    return { id: module, type: '', elements }
  })
  return { cntabsolute: null, records }
}
