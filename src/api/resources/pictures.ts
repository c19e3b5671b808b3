/**
 * Estate pictures published for the own homepage / API (`get estatepictures`, reference §3.5). Each record is one
 * file; its `elements` is a list with one entry per estate (a main estate and its language versions share files).
 */
import type { OnOfficeRecord } from '../types.ts'
import { isoLanguage, recordId, type Call } from './caller.ts'
import { elementList, numberOf } from './files.ts'

/** Categories `estatepictures` accepts (reference §3.5). */
export const PICTURE_CATEGORIES = [
  'Titelbild',
  'Foto',
  'Foto_gross',
  'Grundriss',
  'Lageplan',
  'Epass_Skala',
  'Panorama',
  'Link',
  'Film-Link',
  'Ogulo-Link',
  'Objekt-Link',
  'Expose',
] as const
/** A category of {@link PICTURE_CATEGORIES}. */
export type PictureCategory = (typeof PICTURE_CATEGORIES)[number]
/** The default `categories`: every picture type (no links, no exposés). */
export const DEFAULT_PICTURE_CATEGORIES: readonly PictureCategory[] = [
  'Titelbild',
  'Foto',
  'Foto_gross',
  'Grundriss',
  'Lageplan',
  'Epass_Skala',
  'Panorama',
]
const CATEGORY_SET = new Set<string>(PICTURE_CATEGORIES)

/** One published picture of one estate. */
export interface EstatePicture {
  /** File id. */
  id: number
  estateId: number
  /** The main-language estate; `null` when onOffice omits it. */
  estateMainId: number | null
  /** The `Art` (e.g. `Foto`). */
  type: string
  url: string
  /** Title (in `language` when given and present). */
  title: string
  /** Free text / image description. */
  text: string
  originalName: string
  /** Last change, unix seconds. */
  modified: number | null
  elements: Readonly<Record<string, unknown>>
}

/** Options of {@link picturesOf}. */
export interface PictureOptions {
  /** Default {@link DEFAULT_PICTURE_CATEGORIES}. */
  categories?: readonly PictureCategory[]
  /** `'500x500'` (pixels, capped by the customer's image format) or `'original'`. Default: the stored size. */
  size?: string
  /** ISO-3 language of titles and texts for multilingual estates (pass main-language ids). */
  language?: string
}

const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : ''

function picturesOfRecord(record: OnOfficeRecord, out: EstatePicture[]): void {
  for (const e of elementList(record)) {
    const estateId = numberOf(e.estateid)
    // apidoc: one record per file (its id), one element per estate; an element's own `id` wins if it has one.
    const id = numberOf(e.id) ?? numberOf(record.id)
    if (estateId === null || id === null) continue
    out.push({
      id,
      estateId,
      estateMainId: numberOf(e.estateMainId ?? e.estatemainid),
      type: str(e.type),
      url: str(e.url),
      title: str(e.title ?? e.titel),
      text: str(e.text),
      originalName: str(e.originalname),
      modified: numberOf(e.modified),
      elements: e,
    })
  }
}

/**
 * Pictures of `estateIds`, grouped by estate id: every requested id is a key (an empty list when it has none),
 * in file order as onOffice answers it.
 */
export async function picturesOf(
  call: Call,
  estateIds: readonly (number | string)[],
  opts: PictureOptions = {},
): Promise<Map<number, EstatePicture[]>> {
  const where = 'estates.pictures'
  if (!Array.isArray(estateIds) || estateIds.length === 0)
    throw new TypeError(`${where}: estateIds must be a non-empty array of estate ids`)
  if (estateIds.length > 500)
    throw new TypeError(`${where}: at most 500 estateIds per call (onOffice error 302)`)
  const ids = estateIds.map((id) => Number(recordId(id, where)))
  const categories = opts.categories ?? DEFAULT_PICTURE_CATEGORIES
  if (
    !Array.isArray(categories) ||
    categories.length === 0 ||
    categories.some((c) => !CATEGORY_SET.has(c))
  )
    throw new TypeError(
      `${where}: categories must be a non-empty list of ${PICTURE_CATEGORIES.join(', ')}`,
    )
  const parameters: Record<string, unknown> = { estateids: ids, categories: [...categories] }
  if (opts.size !== undefined) {
    if (typeof opts.size !== 'string' || !/^(\d+x\d+|original)$/.test(opts.size))
      throw new TypeError(`${where}: size must be like '500x500' or 'original'`)
    parameters.size = opts.size
  }
  if (opts.language !== undefined) parameters.language = isoLanguage(opts.language, where)
  const result = await call({ kind: 'get', resourcetype: 'estatepictures', parameters })
  const all: EstatePicture[] = []
  for (const record of result.records) picturesOfRecord(record, all)
  const byEstate = new Map<number, EstatePicture[]>(ids.map((id) => [id, []]))
  for (const p of all) {
    let list = byEstate.get(p.estateId)
    if (!list) byEstate.set(p.estateId, (list = []))
    list.push(p)
  }
  return byEstate
}
