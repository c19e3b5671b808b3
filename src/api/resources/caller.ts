import type { ActionInput, ActionResult, OnOfficeRecord } from '../types.ts'

/** What a resource helper needs from the client. */
export type Call = (action: ActionInput) => Promise<ActionResult>

/** The first record of a result, or `null`. */
export const firstRecord = (result: ActionResult): OnOfficeRecord | null => result.records[0] ?? null

/** Checks an ISO-3 language code such as `DEU`, `ENG`; returns it upper-cased. */
export function isoLanguage(language: string, where: string): string {
  if (typeof language !== 'string' || !/^[A-Za-z]{3}$/.test(language))
    throw new TypeError(`${where}: language must be an ISO 639-2 code of 3 letters such as 'DEU' or 'ENG'`)
  return language.toUpperCase()
}

/** Checks a record id (positive integer or its string). */
export function recordId(id: unknown, where: string): string | number {
  if ((typeof id === 'number' && Number.isInteger(id) && id >= 0) || (typeof id === 'string' && /^\d+$/.test(id))) return id
  throw new TypeError(`${where}: id must be a record id (a non-negative integer or its string)`)
}
