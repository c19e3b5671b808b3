import { FakeActionError } from '../action-error.ts'
import { FIELD_MODULES } from '../field-config.ts'
import type { ActionContext, ActionOutput } from './context.ts'

/** read/basicsettings: `data.basicData.characteristicsCi` names → colours (hex without `#`) and base64 logo. */
export function readBasicSettings(ctx: ActionContext): ActionOutput {
  const all = ctx.state.basicSettings.characteristicsCi
  const data = ctx.parameters.data as { basicData?: { characteristicsCi?: unknown } } | undefined
  const wanted = data?.basicData?.characteristicsCi
  const characteristicsCi: Record<string, string> = {}
  if (Array.isArray(wanted)) {
    for (const key of wanted)
      if (typeof key === 'string' && key in all) characteristicsCi[key] = all[key]!
  } else {
    Object.assign(characteristicsCi, all)
  }
  return {
    cntabsolute: 1,
    records: [{ id: 1, type: null, elements: { basicData: { characteristicsCi } } }],
  }
}

const isOn = (v: unknown) => v === true || v === 1 || v === '1'

/**
 * get/fields: one record per module (`id` = module name). `labels` adds the labels of fields, of select values
 * and the module's `"label"` entry in `language` (`DEU` default, `ENG`; other languages fall back to German);
 * without `labels`, `permittedvalues` lists the keys only. `fieldList` picks fields; `showFieldMeasureFormat`
 * adds `fieldMeasureFormat` where a field has one. No value list is PHP's empty array `[]`.
 */
export function getFields(ctx: ActionContext): ActionOutput {
  const p = ctx.parameters
  let modules = Object.keys(FIELD_MODULES)
  if (p.modules !== undefined) {
    if (!Array.isArray(p.modules)) throw new FakeActionError(74)
    modules = p.modules.map(String)
    for (const m of modules) if (!FIELD_MODULES[m]) throw new FakeActionError(163)
  }
  if (
    p.language !== undefined &&
    p.language !== '' &&
    (typeof p.language !== 'string' || !/^[A-Z]{3}$/.test(p.language))
  )
    throw new FakeActionError(160, String(p.language))
  const lang = p.language === 'ENG' ? 1 : 0
  const only = Array.isArray(p.fieldList) ? new Set(p.fieldList.map(String)) : null
  const labels = isOn(p.labels)
  const measures = isOn(p.showFieldMeasureFormat)
  const records = modules.map((module) => {
    const def = FIELD_MODULES[module]!
    const elements: Record<string, unknown> = labels ? { label: def.label[lang] } : {}
    for (const [name, field] of Object.entries(def.fields)) {
      if (only && !only.has(name)) continue
      const pv = field.permittedvalues
      elements[name] = {
        type: field.type,
        length: field.length ?? null,
        permittedvalues: pv
          ? labels
            ? Object.fromEntries(Object.entries(pv).map(([k, l]) => [k, l[lang]]))
            : Object.keys(pv)
          : [],
        default: field.default ?? null,
        filters: [],
        dependencies: [],
        compoundField: [],
        ...(labels ? { label: field.label[lang] } : {}),
        ...(measures && field.measure ? { fieldMeasureFormat: field.measure } : {}),
      }
    }
    return { id: module, type: '', elements }
  })
  return { cntabsolute: null, records }
}
