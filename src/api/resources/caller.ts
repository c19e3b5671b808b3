import { OnOfficeResponseError } from '../errors.ts'
import type { ActionInput, ActionResult, ElementsObject, OnOfficeRecord } from '../types.ts'

/** What a resource helper needs from the client. */
export type Call = (action: ActionInput) => Promise<ActionResult>

/**
 * A result of a resource whose records are field → value objects (estate, address, …). A record with a list of
 * elements there is not silently merged or dropped: it is an `OnOfficeResponseError` naming the call.
 */
export function objectResult(result: ActionResult, where: string): ActionResult<ElementsObject> {
  for (const record of result.records)
    if (Array.isArray(record.elements))
      throw new OnOfficeResponseError(
        `${where}: onOffice answered a list of elements where one object of fields was expected`,
      )
  return result as ActionResult<ElementsObject>
}

/** The first record of an object-shaped result, or `null`. */
export const firstRecord = (
  result: ActionResult,
  where: string,
): OnOfficeRecord<ElementsObject> | null => objectResult(result, where).records[0] ?? null

/** The elements of the first record when they are an object (the answer of a `do`/`get` call); else `undefined`. */
export function firstElements(result: ActionResult): ElementsObject | undefined {
  const elements = result.records[0]?.elements
  return elements && !Array.isArray(elements) ? elements : undefined
}

/** Checks an ISO-3 language code such as `DEU`, `ENG`; returns it upper-cased. */
export function isoLanguage(language: string, where: string): string {
  if (typeof language !== 'string' || !/^[A-Za-z]{3}$/.test(language))
    throw new TypeError(
      `${where}: language must be an ISO 639-2 code of 3 letters such as 'DEU' or 'ENG'`,
    )
  return language.toUpperCase()
}

/** Checks a record id (positive integer or its string). */
export function recordId(id: unknown, where: string): string | number {
  if (
    (typeof id === 'number' && Number.isInteger(id) && id >= 0) ||
    (typeof id === 'string' && /^\d+$/.test(id))
  )
    return id
  throw new TypeError(`${where}: id must be a record id (a non-negative integer or its string)`)
}
