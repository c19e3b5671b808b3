import { createFakeApp, RESET_HEADER } from './app.ts'
import { issueClaim } from './claims.ts'
import { FaultQueue } from './faults.ts'
import { addApiUser, addProviderUser, block, isActivated, startActivation } from './lifecycle.ts'
import { flatten } from './recorder.ts'
import { seed } from './seed.ts'
import { emptyState } from './state.ts'
import { createTransaction, setTransactionStatus } from './transactions.ts'
import type { FakeOnOffice, FakeOnOfficeOptions, ReceivedRequest } from './types.ts'

export type * from './types.ts'
export { DEMO_CUSTOMER } from './seed.ts'

/** What an in-process `fetch` rejects with when the fake "resets the connection" (like undici's `fetch failed`). */
function connectionReset(): TypeError {
  const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })
  return new TypeError('fetch failed', { cause })
}

/**
 * A faithful fake of the onOffice API (`api.php`) for tests, examples and local development:
 * registered API users with HMAC v2 and the ±120 s window, marketplace activation and claims,
 * seeded multilingual estates, addresses (with phone-book entries), users, search criteria, relations,
 * tasks, appointments, agents log, imprint, regions, multiselect values, fields and basic settings, the
 * commerce calls, per-resource paging rules and rights,
 * fault injection and a redacted record of what it received. Runs in-process (`fake.fetch`) or
 * served on a port (`fake.app.fetch` with any Hono server).
 *
 * @param options.now - clock in ms, default `Date.now`.
 * @param options.seed - load demo data, default `true`.
 * @param options.estates - number of seeded estates, default 12 (e.g. 10000 for pagination benches).
 * @param options.origin - origin of `endpoint` and generated links, default `https://api.onoffice.test`.
 * @example
 * ```ts
 * const fake = createFakeOnOffice()
 * const { token, secret } = fake.addApiUser()
 * const client = createClient({ token, secret, endpoint: fake.endpoint, fetch: fake.fetch })
 * const { records } = await client.read('estate', { data: ['Id', 'objekttitel'] })
 * ```
 */
export function createFakeOnOffice(options: FakeOnOfficeOptions = {}): FakeOnOffice {
  const now = options.now ?? Date.now
  if (typeof now !== 'function')
    throw new TypeError('createFakeOnOffice: `now` must be a function returning milliseconds')
  const estateCount = options.estates ?? 12
  if (!Number.isInteger(estateCount) || estateCount < 0) {
    throw new TypeError('createFakeOnOffice: `estates` must be an integer ≥ 0')
  }
  const origin = (options.origin ?? 'https://api.onoffice.test').replace(/\/+$/, '')
  if (!/^https?:\/\/[^/]+$/.test(origin))
    throw new TypeError('createFakeOnOffice: `origin` must be like https://host[:port]')
  const seedOpts = { estates: estateCount, enabled: options.seed ?? true }

  const maxFileBytes = options.maxFileBytes ?? 100 * 1024 * 1024
  if (!Number.isInteger(maxFileBytes) || maxFileBytes < 1)
    throw new TypeError('createFakeOnOffice: `maxFileBytes` must be an integer ≥ 1')
  const state = emptyState(origin, maxFileBytes)
  seed(state, seedOpts)
  const received: ReceivedRequest[] = []
  const faults = new FaultQueue()
  const app = createFakeApp({ state, now, faults, received })

  const inProcessFetch = async (
    input: RequestInfo | URL,
    init?: RequestInit,
  ): Promise<Response> => {
    const request = new Request(input, init)
    const signal = request.signal
    if (signal.aborted) throw signal.reason
    const aborted = new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true })
    })
    aborted.catch(() => {})
    const response = await Promise.race([app.fetch(request), aborted])
    if (response.headers.has(RESET_HEADER)) throw connectionReset()
    return response
  }

  return {
    app,
    fetch: inProcessFetch as typeof fetch,
    endpoint: `${origin}/api/stable/api.php`,
    startActivation: async (p) => startActivation(state, p, now()),
    issueClaim: (customerWebId, userId, opts) => {
      if (typeof customerWebId !== 'string' || customerWebId === '')
        throw new TypeError('issueClaim: `customerWebId` must be a non-empty string')
      if (opts?.ttlSec !== undefined && !(opts.ttlSec > 0))
        throw new TypeError('issueClaim: `ttlSec` must be a number > 0')
      return issueClaim(
        state,
        { customerWebId, userId: String(userId), kind: 'service' },
        now(),
        opts?.ttlSec,
      )
    },
    expireClaim: (claim) => {
      const c = state.claims.get(claim)
      if (!c) throw new TypeError('expireClaim: not a claim this fake issued')
      c.expired = true
    },
    isActivated: (customerWebId) => isActivated(state, customerWebId),
    block: (customerWebId) => block(state, customerWebId),
    addProviderUser: (p) => addProviderUser(state, p),
    addApiUser: (p) => addApiUser(state, p),
    createTransaction: (p) => createTransaction(state, p, now()),
    setTransactionStatus: (id, status) => setTransactionStatus(state, id, status),
    transactions: state.transactions,
    estates: state.estates,
    files: state.files,
    addresses: state.addresses,
    users: state.people,
    basicSettings: state.basicSettings,
    // Getters: reset() replaces the CRM collections, and a test must always see the current ones.
    get contacts() {
      return state.crm.contacts
    },
    get searchCriteria() {
      return state.crm.searchCriteria
    },
    get relations() {
      return state.crm.relations
    },
    get tasks() {
      return state.crm.tasks
    },
    get appointments() {
      return state.crm.appointments
    },
    get agentsLog() {
      return state.crm.agentsLog
    },
    get imprint() {
      return state.crm.imprint
    },
    get regions() {
      return state.crm.regions
    },
    get multiselect() {
      return state.crm.multiselect
    },
    get rights() {
      return state.crm.rights
    },
    faults: { next: (fault, opts) => faults.next(fault, opts), clear: () => faults.clear() },
    received,
    receivedActions: (filter) => flatten(received, filter),
    restrictEstates: ({ customerWebId, userId, estateIds }) => {
      if (typeof customerWebId !== 'string' || customerWebId === '')
        throw new TypeError('restrictEstates: `customerWebId` must be a non-empty string')
      if (userId !== undefined && (typeof userId !== 'string' || userId === ''))
        throw new TypeError('restrictEstates: `userId` must be a non-empty string')
      if (!Array.isArray(estateIds) || !estateIds.every((id) => Number.isInteger(id)))
        throw new TypeError('restrictEstates: `estateIds` must be a list of estate ids')
      state.estateRights.set(`${customerWebId}\u0000${userId ?? '*'}`, new Set(estateIds))
    },
    clearReceived: () => {
      received.length = 0
    },
    reset: () => {
      faults.clear()
      received.length = 0
      for (const m of [
        state.users,
        state.claims,
        state.parameterCaches,
        state.customers,
        state.transactions,
        state.files,
        state.uploads,
        state.estateRights,
      ])
        m.clear()
      const fresh = emptyState(origin)
      state.nextTransactionId = fresh.nextTransactionId
      state.nextFileId = fresh.nextFileId
      seed(state, seedOpts)
    },
  }
}
