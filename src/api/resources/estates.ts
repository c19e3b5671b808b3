import type { ActionResult, ElementsObject, OnOfficeRecord } from '../types.ts'
import { firstRecord, isoLanguage, objectResult, recordId, type Call } from './caller.ts'
import { picturesOf, type EstatePicture, type PictureOptions } from './pictures.ts'

/** Estate helpers (`read` / `modify` on `estate`). */
export interface EstatesApi {
  /** One estate by its main-language id; `language` reads that language version. `null` when onOffice returns no record. */
  get(id: number | string, opts?: { language?: string; data?: string[] }): Promise<OnOfficeRecord<ElementsObject> | null>
  /** A list read (`filter`, `data`, `listlimit` ≤ 500, `listoffset`, `sortby`, …). */
  read(params?: Record<string, unknown>, opts?: { language?: string }): Promise<ActionResult<ElementsObject>>
  /**
   * Writes `elements` to an estate. With `language`, always sends `resourceid` + `estatelanguage`, so the free
   * texts of that language version are written, never those of the main language.
   */
  modify(id: number | string, elements: Record<string, unknown>, opts?: { language?: string }): Promise<ActionResult>
  /**
   * Pictures published for the own homepage / API (`estatepictures`), grouped by estate id (every requested id is a
   * key). `categories` default: every picture type; `size` e.g. `'500x500'` or `'original'`; `language` (ISO-3)
   * for titles and texts of multilingual estates.
   * @example
   * ```ts
   * const pictures = await client.estates.pictures([4711], { categories: ['Titelbild', 'Foto'], size: '800x600' })
   * for (const p of pictures.get(4711) ?? []) console.log(p.title, p.url)
   * ```
   */
  pictures(estateIds: readonly (number | string)[], opts?: PictureOptions): Promise<Map<number, EstatePicture[]>>
}

export function estatesApi(call: Call): EstatesApi {
  return {
    async get(id, opts = {}) {
      const parameters: Record<string, unknown> = {}
      if (opts.data) parameters.data = opts.data
      if (opts.language !== undefined) parameters.estatelanguage = isoLanguage(opts.language, 'estates.get')
      return firstRecord(await call({ kind: 'read', resourcetype: 'estate', resourceid: recordId(id, 'estates.get'), parameters }), 'estates.get')
    },
    async read(params = {}, opts = {}) {
      const parameters = { ...params }
      if (opts.language !== undefined) parameters.estatelanguage = isoLanguage(opts.language, 'estates.read')
      return objectResult(await call({ kind: 'read', resourcetype: 'estate', parameters }), 'estates.read')
    },
    async modify(id, elements, opts = {}) {
      if (typeof elements !== 'object' || elements === null || Array.isArray(elements))
        throw new TypeError('estates.modify: elements must be an object of field → value')
      const parameters: Record<string, unknown> = { data: elements }
      if (opts.language !== undefined) parameters.estatelanguage = isoLanguage(opts.language, 'estates.modify')
      return call({ kind: 'modify', resourcetype: 'estate', resourceid: recordId(id, 'estates.modify'), parameters })
    },
    pictures: (estateIds, opts) => picturesOf(call, estateIds, opts),
  }
}
