import type { Call } from './caller.ts'
import { objectCall, str } from './list.ts'

/** A region ("regionaler Zusatz") with its sub-regions (apidoc Regions). */
export interface Region {
  id: string
  name: string
  description: string | null
  /** Ranges `[from, to]` or single postal codes, as onOffice sends them. */
  postalcodes: Array<string | string[]>
  state?: string
  country?: string
  children: Region[]
}

/** Region helpers. */
export interface RegionsApi {
  /**
   * All active regions as a tree (`get`/`regions`) — one call, not paginated. `children` come as an array
   * (onOffice sends an object keyed by region id, or `[]`).
   * @example
   * ```ts
   * const regions = await client.regions.get({ language: 'DEU' })
   * ```
   */
  get(opts?: { language?: string }): Promise<Region[]>
}

function toRegion(raw: Record<string, unknown>, depth: number): Region {
  const children = raw.children
  const list = Array.isArray(children)
    ? children
    : children && typeof children === 'object'
      ? Object.values(children)
      : []
  const region: Region = {
    id: str(raw.id) ?? '',
    name: str(raw.name) ?? '',
    description: str(raw.description) ?? null,
    postalcodes: Array.isArray(raw.postalcodes)
      ? (raw.postalcodes as Array<string | string[]>)
      : [],
    // The tree is bounded: deeper levels than onOffice's region hierarchy are not followed.
    children:
      depth >= 32
        ? []
        : list
            .filter(
              (c): c is Record<string, unknown> =>
                !!c && typeof c === 'object' && !Array.isArray(c),
            )
            .map((c) => toRegion(c, depth + 1)),
  }
  const state = str(raw.state)
  const country = str(raw.country)
  if (state !== undefined) region.state = state
  if (country !== undefined) region.country = country
  return region
}

export function regionsApi(rawCall: Call): RegionsApi {
  const call = objectCall(rawCall)
  return {
    async get(opts = {}) {
      const result = await call({ kind: 'get', resourcetype: 'regions', parameters: { ...opts } })
      return result.records.map((r) => toRegion({ id: r.id, ...r.elements }, 0))
    },
  }
}
