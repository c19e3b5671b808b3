/** Appointment (calendar) helpers (apidoc Read / Create / Modify appointments, resourcetype `calendar`). */
import type { ElementsObject, OnOfficeRecord } from '../types.ts'
import { recordId, type Call } from './caller.ts'
import {
  linkedWrites,
  type Filter,
  idsFrom,
  type NumberedRecord,
  numericId,
  objectCall,
  str,
  type TypedResult,
} from './list.ts'
import { PAGING_RULES } from './paging.ts'

/** An appointment; `elements` as onOffice sent them. */
export interface AppointmentRecord extends NumberedRecord {
  start?: string
  end?: string
  userIds: number[]
}

/** A date range of `appointments.read`: `YYYY-MM-DD` (a time part is ignored by onOffice). */
export interface AppointmentRange {
  from: string
  to: string
  /** Users whose appointments to read (default: the calling user and their groups). */
  users?: number[]
  groups?: number[]
  allusers?: boolean
  showcancelled?: boolean
  /** Only together with a range: `start_dt`, `end_dt`, `art`, `von`, `description`, `note`, `erledigt`, `rp_flag`. */
  filter?: Filter
  [key: string]: unknown
}

/** Links of an appointment create/modify (apidoc). */
export interface AppointmentLinks {
  relatedAddressIds?: number[]
  relatedEstateId?: number
  location?: Record<string, unknown>
  subscribers?: { users?: number[]; groups?: number[] }
  reminderTypes?: Array<'email' | 'popup' | 'sms'>
}

/** Appointment helpers. */
export interface AppointmentsApi {
  /**
   * The appointments of a date range (`read`/`calendar` with `datestart`/`dateend`). onOffice answers at
   * most 500 per query ("query smaller periods"): `truncated` is `true` when the answer has 500 records —
   * use {@link AppointmentsApi.iterate}, which splits the range for you.
   * @example
   * ```ts
   * const { records, truncated } = await client.appointments.read({ from: '2025-03-01', to: '2025-03-31' })
   * ```
   */
  read(range: AppointmentRange): Promise<TypedResult<AppointmentRecord> & { truncated: boolean }>
  /** One appointment by id (more fields than in a range read); `null` when onOffice returns none. */
  get(id: number | string): Promise<AppointmentRecord | null>
  /**
   * Every appointment of the range: a query that hits the 500 limit is split into halves (by day) until each
   * part has fewer; an appointment spanning several parts is yielded once.
   * @example
   * ```ts
   * for await (const a of client.appointments.iterate({ from: '2025-01-01', to: '2025-12-31' })) console.log(a.start)
   * ```
   */
  iterate(range: AppointmentRange): AsyncIterable<AppointmentRecord>
  /**
   * Creates an appointment (`create`/`calendar`; `start_dt`, `end_dt` mandatory, `YYYY-MM-DD HH:MM:SS`); returns its id.
   * @example
   * ```ts
   * const id = await client.appointments.create({ description: 'Besichtigung', start_dt: '2025-03-10 10:00:00', end_dt: '2025-03-10 11:00:00', art: 'Besichtigung' }, { relatedAddressIds: [101], relatedEstateId: 1 })
   * ```
   */
  create(data: Record<string, unknown>, links?: AppointmentLinks): Promise<number>
  /**
   * Writes fields of an appointment (`modify`/`calendar`).
   * @example
   * ```ts
   * await client.appointments.modify(407, { status: 'completed' })
   * ```
   */
  modify(
    id: number | string,
    data: Record<string, unknown>,
    links?: AppointmentLinks,
  ): Promise<void>
}

const DAY_MS = 86_400_000
const DATE = /^(\d{4})-(\d{2})-(\d{2})/

function dayOf(value: unknown, name: string): number {
  const m = typeof value === 'string' ? DATE.exec(value) : null
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN
  if (Number.isNaN(ms)) throw new TypeError(`appointments: ${name} must be a date YYYY-MM-DD`)
  return ms / DAY_MS
}

const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10)

const toAppointment = (r: OnOfficeRecord<ElementsObject>): AppointmentRecord => {
  const out: AppointmentRecord = { ...r, id: numericId(r), userIds: idsFrom(r.elements.user_ids) }
  const start = str(r.elements.start_dt)
  const end = str(r.elements.end_dt)
  if (start !== undefined) out.start = start
  if (end !== undefined) out.end = end
  return out
}

export function appointmentsApi(rawCall: Call): AppointmentsApi {
  const call = objectCall(rawCall)
  const max = PAGING_RULES.calendar.maxListlimit
  const readDays = async (range: AppointmentRange, fromDay: number, toDay: number) => {
    const { from: _from, to: _to, ...rest } = range
    const result = await call({
      kind: 'read',
      resourcetype: 'calendar',
      parameters: { ...rest, datestart: dateOf(fromDay), dateend: dateOf(toDay) },
    })
    return {
      ...result,
      records: result.records.map(toAppointment),
      truncated: result.records.length >= max,
    }
  }
  const bounds = (range: AppointmentRange): [number, number] => {
    if (!range || typeof range !== 'object')
      throw new TypeError('appointments: range { from, to } is required')
    const a = dayOf(range.from, 'from')
    const b = dayOf(range.to, 'to')
    if (a > b) throw new TypeError('appointments: from must not be after to')
    return [a, b]
  }
  return {
    read: (range) => {
      const [a, b] = bounds(range)
      return readDays(range, a, b)
    },
    async get(id) {
      const result = await call({
        kind: 'read',
        resourcetype: 'calendar',
        resourceid: recordId(id, 'appointments.get'),
        parameters: {},
      })
      return result.records[0] ? toAppointment(result.records[0]) : null
    },
    async *iterate(range) {
      const [a, b] = bounds(range)
      const seen = new Set<number>()
      const stack: Array<[number, number]> = [[a, b]]
      while (stack.length > 0) {
        const [from, to] = stack.pop()!
        const page = await readDays(range, from, to)
        if (page.truncated && to > from) {
          const mid = Math.floor((from + to) / 2)
          // Later half first on the stack, so the earlier half is read (and yielded) first.
          stack.push([mid + 1, to], [from, mid])
          continue
        }
        for (const r of page.records) {
          if (seen.has(r.id)) continue
          seen.add(r.id)
          yield r
        }
      }
    },
    ...linkedWrites<AppointmentLinks>(call, 'calendar', 'appointments'),
  }
}
