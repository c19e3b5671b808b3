import { recordId, type Call } from './caller.ts'
import { objectCall } from './list.ts'

/** The imprint (Impressum) of a user or their office group (apidoc Read imprint); unknown keys pass. */
export interface Imprint {
  title?: string
  firstname?: string
  lastname?: string
  firma?: string
  postcode?: string
  city?: string
  street?: string
  housenumber?: string
  state?: string
  country?: string
  phone?: string
  mobil?: string
  fax?: string
  email?: string
  homepage?: string
  vertretungsberechtigter?: string
  berufsaufsichtsbehoerde?: string
  handelsregister?: string
  handelsregisterNr?: string
  ustId?: string
  bank?: string
  iban?: string
  [key: string]: unknown
}

/** Imprint helpers. */
export interface ImprintApi {
  /**
   * The imprint (`read`/`impressum`) of `userId`, or of the caller without it; the office group's imprint
   * when the user is in one. `data` limits the fields; `language` + `formatoutput` format them.
   * @example
   * ```ts
   * const imprint = await client.imprint.get(17, { data: ['firma', 'street', 'housenumber', 'postcode', 'city'] })
   * ```
   */
  get(
    userId?: number | string,
    opts?: { data?: string[]; language?: string; formatoutput?: boolean },
  ): Promise<Imprint>
}

export function imprintApi(rawCall: Call): ImprintApi {
  const call = objectCall(rawCall)
  return {
    async get(userId, opts = {}) {
      const action: Parameters<Call>[0] = {
        kind: 'read',
        resourcetype: 'impressum',
        parameters: { ...opts },
      }
      if (userId !== undefined) action.resourceid = recordId(userId, 'imprint.get')
      const result = await call(action)
      return { ...(result.records[0]?.elements ?? {}) } as Imprint
    },
  }
}
