import { OnOfficeResponseError } from '../errors.ts'
import type { ElementsObject, OnOfficeRecord } from '../types.ts'
import { recordId, type Call } from './caller.ts'
import { type NumberedRecord, numericId, objectCall, str } from './list.ts'

/** A user as `get`/`users` lists them (apidoc Get users). */
export interface UserSummary {
  id: number
  username: string
  firstname: string
  lastname: string
  email: string
  meetingurl?: string
  [key: string]: unknown
}

/** `userfilter` of `users.list` (apidoc): all users, only the caller, the caller's office group, or one group. */
export type UserFilter =
  | { userfilter?: 'ownOfficeGroupOrAll' | 'onlyOwn' }
  | { userfilter: 'byGroupId'; groupId: number }

/** User helpers. */
export interface UsersApi {
  /**
   * The photo of an enterprise user (`userphoto`): base64 by default, a URL with `{ asLink: true }`;
   * `null` when the user has none. Needs the "read user data by API" right.
   */
  photo(userId: number | string, opts?: { asLink?: boolean }): Promise<string | null>
  /**
   * One user's fields (`read`/`user` with `resourceid`); `data` e.g. `['Vorname', 'Nachname', 'email', 'Kuerzel']`.
   * Other users than the caller need the right "Benutzerdaten über API auslesen" (else error 170). `null` when
   * onOffice returns none.
   * @example
   * ```ts
   * const u = await client.users.get(17, { data: ['Vorname', 'Nachname', 'email'] })
   * ```
   */
  get(id: number | string, opts?: { data?: string[] }): Promise<NumberedRecord | null>
  /**
   * The calling user — with a claim, the user who launched the service — readable without extra rights:
   * `get`/`users` with `userfilter: 'onlyOwn'` (assumed from apidoc: that filter answers only the own user).
   * @example
   * ```ts
   * const me = await client.users.me()
   * console.log(me.firstname, me.lastname)
   * ```
   */
  me(): Promise<UserSummary>
  /**
   * Users with id, user name, first and last name, email (`get`/`users`).
   * @example
   * ```ts
   * const users = await client.users.list({ userfilter: 'byGroupId', groupId: 3 })
   * ```
   */
  list(filter?: UserFilter): Promise<UserSummary[]>
}

function toSummary(r: OnOfficeRecord<ElementsObject>): UserSummary {
  const e = r.elements
  return {
    ...e,
    id: Number.isInteger(Number(e.id)) && e.id !== undefined ? Number(e.id) : numericId(r),
    username: str(e.username) ?? '',
    firstname: str(e.firstname) ?? '',
    lastname: str(e.lastname) ?? '',
    email: str(e.email) ?? '',
  }
}

export function usersApi(rawCall: Call): UsersApi {
  const call = objectCall(rawCall)
  const list = async (filter: UserFilter = {}) => {
    if (filter.userfilter === 'byGroupId' && !Number.isInteger(filter.groupId))
      throw new TypeError("users.list: userfilter 'byGroupId' needs an integer groupId")
    const result = await call({ kind: 'get', resourcetype: 'users', parameters: { ...filter } })
    return result.records.map(toSummary)
  }
  return {
    async photo(userId, opts = {}) {
      const result = await call({
        kind: 'read',
        resourcetype: 'userphoto',
        resourceid: recordId(userId, 'users.photo'),
        parameters: { photosAsLinks: opts.asLink ?? false },
      })
      const photo = result.records[0]?.elements.photo
      return typeof photo === 'string' && photo !== '' ? photo : null
    },
    async get(id, opts = {}) {
      const parameters: Record<string, unknown> = {}
      if (opts.data) parameters.data = opts.data
      const result = await call({
        kind: 'read',
        resourcetype: 'user',
        resourceid: recordId(id, 'users.get'),
        parameters,
      })
      const r = result.records[0]
      return r ? { ...r, id: numericId(r) } : null
    },
    async me() {
      const [own] = await list({ userfilter: 'onlyOwn' })
      if (!own)
        throw new OnOfficeResponseError('users.me: onOffice answered onlyOwn without a user')
      return own
    },
    list,
  }
}
