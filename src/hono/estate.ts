import type { ElementsObject, OnOfficeClient, OnOfficeRecord } from '../api/index.ts'
import { firstRecord } from '../api/resources/caller.ts'
import { estateFiles, type BoundEstateFiles } from './files.ts'

/**
 * The property a service was launched for, bound to the launch's `estateId` and `language`. Every read and
 * write sends `resourceid` and — for a language version — `estatelanguage`, so a multilingual property is never
 * read or written in the wrong language (protocol §3.2: "Only the ID is not sufficient!").
 */
export interface BoundEstate extends BoundEstateFiles {
  /** The launched `estateId` (the main-language id). */
  readonly id: string
  /** The launched `language` (e.g. `ENG`), or `null` for the main language. */
  readonly language: string | null
  /** Reads the property in the launched language; `null` when onOffice returns no record. */
  get(options?: { data?: readonly string[] }): Promise<OnOfficeRecord<ElementsObject> | null>
  /** Writes fields of the property; free texts land in the launched language version. */
  modify(elements: Record<string, unknown>): Promise<void>
}

// Fields when the caller names none: onOffice returns nothing useful for a read without `data`.
const DEFAULT_FIELDS: readonly string[] = ['Id', 'objekttitel', 'objektart', 'ort']

/** Binds a claim-bound client to one property and language. */
export function bindEstate(
  client: OnOfficeClient,
  id: string,
  language: string | null,
): BoundEstate {
  const lang = language ? { estatelanguage: language } : {}
  return Object.freeze({
    id,
    language,
    ...estateFiles(client, id, language),
    async get(options: { data?: readonly string[] } = {}) {
      const result = await client.call({
        kind: 'read',
        resourcetype: 'estate',
        resourceid: id,
        parameters: { data: [...(options.data ?? DEFAULT_FIELDS)], ...lang },
      })
      return firstRecord(result, 'estate.get')
    },
    async modify(elements: Record<string, unknown>) {
      await client.call({
        kind: 'modify',
        resourcetype: 'estate',
        resourceid: id,
        parameters: { data: elements, ...lang },
      })
    },
  })
}
