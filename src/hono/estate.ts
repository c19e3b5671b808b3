import type { ActionResult, ElementsObject, OnOfficeClient, OnOfficeRecord } from '../api/index.ts'
import type { FieldRecord, ValidateOption, WireFields } from '../api/resources/estates.ts'
import { estateFiles, type BoundEstateFiles } from './files.ts'

/**
 * The property a service was launched for, bound to the launch's `estateId` and `language`: a thin view of
 * `client.estates` that always passes that id and language, so a multilingual property is never read or
 * written in the wrong language (protocol §3.2: "Only the ID is not sufficient!"). Reads and writes behave
 * exactly as `client.estates.get` / `.modify` — the same checks, results and errors; without `data`, onOffice
 * answers its default fields, as for `client.estates.get`.
 * @example
 * ```ts
 * app.get('/service', oo.launch(), async (c) => {
 *   const estate = c.var.onoffice.estate
 *   const record = await estate?.get({ data: ['objekttitel'] })
 *   await estate?.modify({ objekttitel: 'Sonnige Wohnung' }) // the launched language version
 *   return c.text(String(record?.elements.objekttitel ?? ''))
 * })
 * ```
 */
export interface BoundEstate extends BoundEstateFiles {
  /** The launched `estateId` (the main-language id). */
  readonly id: string
  /** The launched `language` (e.g. `ENG`), or `null` for the main language. */
  readonly language: string | null
  /** `client.estates.get(id, { ...options, language })`: the property in the launched language, or `null`. */
  get(options?: { data?: readonly string[] }): Promise<OnOfficeRecord<ElementsObject> | null>
  /** Typed by a field interface, as `client.estates.get<F>` (a misspelt name in `data` is a compile error). */
  get<F extends object>(options: {
    data: readonly (keyof F & string)[]
  }): Promise<FieldRecord<WireFields<F>> | null>
  /**
   * `client.estates.modify(id, elements, { ...options, language })`: free texts land in the launched language
   * version; resolves onOffice's result.
   */
  modify(elements: Record<string, unknown>, options?: ValidateOption): Promise<ActionResult>
}

/** Binds a client's `estates` to one property and language. */
export function bindEstate(
  client: OnOfficeClient,
  id: string,
  language: string | null,
): BoundEstate {
  const lang = language === null ? {} : { language }
  const get = (options: { data?: readonly string[] } = {}) =>
    client.estates.get(id, { ...options, ...lang })
  return Object.freeze({
    id,
    language,
    ...estateFiles(client, id, language),
    // One implementation serves both signatures: the type argument only changes what the compiler checks.
    get: get as BoundEstate['get'],
    modify: (elements: Record<string, unknown>, options: ValidateOption = {}) =>
      client.estates.modify(id, elements, { ...options, ...lang }),
  })
}
