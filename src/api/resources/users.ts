import { firstElements, recordId, type Call } from './caller.ts'

/** User helpers. */
export interface UsersApi {
  /**
   * The photo of an enterprise user (`userphoto`): base64 by default, a URL with `{ asLink: true }`;
   * `null` when the user has none. Needs the "read user data by API" right.
   */
  photo(userId: number | string, opts?: { asLink?: boolean }): Promise<string | null>
}

export function usersApi(call: Call): UsersApi {
  return {
    async photo(userId, opts = {}) {
      const result = await call({
        kind: 'read',
        resourcetype: 'userphoto',
        resourceid: recordId(userId, 'users.photo'),
        parameters: { photosAsLinks: opts.asLink ?? false },
      })
      const photo = firstElements(result)?.photo
      return typeof photo === 'string' && photo !== '' ? photo : null
    },
  }
}
