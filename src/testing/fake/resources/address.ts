import { FakeActionError } from '../action-error.ts'
import { nextId, type FakeContact } from '../crm.ts'
import { FIELD_CONFIG } from '../field-config.ts'
import { applyFilter, applySort, paginate, selectFields, type Row } from '../filter.ts'
import type { FakeAddress } from '../types.ts'
import { datetime, resourceIdOf, type ActionContext, type ActionOutput } from './context.ts'
import { flag } from './params.ts'

const FIELDS = (): ReadonlySet<string> => new Set(Object.keys(FIELD_CONFIG.address ?? {}))

/** Pseudo-fields of `data` (apidoc Read Addresses): all entries of a kind, or only the default one. */
const CONTACT_DATA: Record<string, { kinds: FakeContact['kind'][]; onlyDefault: boolean }> = {
  phone: { kinds: ['phone'], onlyDefault: false },
  mobile: { kinds: ['mobile'], onlyDefault: false },
  fax: { kinds: ['fax'], onlyDefault: false },
  email: { kinds: ['email'], onlyDefault: false },
  // onOffice: "like phone, but only returns the record marked as default" (mobile numbers can be the default phone)
  defaultphone: { kinds: ['phone', 'mobile'], onlyDefault: true },
  defaultfax: { kinds: ['fax'], onlyDefault: true },
  defaultemail: { kinds: ['email'], onlyDefault: true },
}

/** Create/modify parameters for contact data: key → kind + subtype. */
const CONTACT_PARAMS: Record<
  string,
  { kind: FakeContact['kind']; subtype: FakeContact['subtype'] }
> = {
  phone: { kind: 'phone', subtype: '' },
  phone_private: { kind: 'phone', subtype: 'private' },
  phone_business: { kind: 'phone', subtype: 'business' },
  mobile: { kind: 'mobile', subtype: '' },
  fax: { kind: 'fax', subtype: '' },
  fax_private: { kind: 'fax', subtype: 'private' },
  fax_business: { kind: 'fax', subtype: 'business' },
  email: { kind: 'email', subtype: '' },
  email_private: { kind: 'email', subtype: 'private' },
  email_business: { kind: 'email', subtype: 'business' },
}
const DEFAULT_PARAMS: Record<string, FakeContact['kind'][]> = {
  default_phone: ['phone', 'mobile'],
  default_fax: ['fax'],
  default_email: ['email'],
}
/** Parameters of create/modify that are not fields. */
const CONTROL = new Set(['checkDuplicate', 'noOverrideByDuplicate', 'extendedclaim', 'outlookSync'])
const MOBILE = /^(\+49|0049|0)\s*1[5-7]/

/** Keeps `Email`/`Telefon1` (the main entries onOffice filters on) in step with the contacts. */
function syncMain(a: FakeAddress, contacts: FakeContact[]): void {
  const main = (kinds: FakeContact['kind'][]) => {
    const of = contacts.filter((c) => kinds.includes(c.kind))
    return (of.find((c) => c.isDefault) ?? of[0])?.value ?? ''
  }
  if ('Email' in a.fields || contacts.some((c) => c.kind === 'email'))
    a.fields.Email = main(['email'])
  if ('Telefon1' in a.fields || contacts.some((c) => c.kind === 'phone' || c.kind === 'mobile'))
    a.fields.Telefon1 = main(['phone', 'mobile'])
}

function contactElements(contacts: FakeContact[], name: string): Row {
  const spec = CONTACT_DATA[name]!
  const out: Row = {}
  for (const c of contacts) {
    if (!spec.kinds.includes(c.kind) || (spec.onlyDefault && !c.isDefault)) continue
    out[`${name}__${c.id}`] = c.value
    if (c.comment !== '') out[`${name}__${c.id}__Comment`] = c.comment
  }
  return out
}

/** read/address: `resourceid` or `recordids`, `data` (fields and the contact pseudo-fields), `filter`, `sortby`, `listlimit`, `listoffset`. */
export function readAddress(ctx: ActionContext): ActionOutput {
  const p = ctx.parameters
  const known = FIELDS()
  const id = resourceIdOf(ctx)
  let rows = [...ctx.state.addresses.values()]
  if (id !== '') {
    rows = rows.filter((a) => String(a.id) === id)
    if (rows.length === 0) throw new FakeActionError(80)
  } else {
    if (Array.isArray(p.recordids)) {
      const ids = new Set(p.recordids.map(String))
      rows = rows.filter((a) => ids.has(String(a.id)))
    }
    rows = applyFilter(rows, p.filter, known, (a, f) => a.fields[f])
  }
  rows = applySort(rows, p.sortby, p.sortorder, known, (a, f) => a.fields[f])
  const data = Array.isArray(p.data) ? p.data : undefined
  const pseudo = (data ?? []).filter((d): d is string => typeof d === 'string' && d in CONTACT_DATA)
  const plain = data?.filter((d) => !(typeof d === 'string' && d in CONTACT_DATA))
  return {
    cntabsolute: rows.length,
    records: paginate(rows, p.listlimit, p.listoffset).map((a) => {
      const contacts = ctx.state.crm.contacts.get(a.id) ?? []
      const elements: Row =
        data !== undefined && plain!.length === 0
          ? {}
          : selectFields(a.fields, plain ?? p.data, known)
      for (const name of pseudo) Object.assign(elements, contactElements(contacts, name))
      return { id: a.id, type: 'address', elements }
    }),
  }
}

function addContact(
  contacts: FakeContact[],
  crm: ActionContext['state']['crm'],
  key: string,
  value: unknown,
): void {
  const spec = CONTACT_PARAMS[key]!
  for (const v of Array.isArray(value) ? value : [value]) {
    if (typeof v !== 'string' || v === '') continue
    // apidoc: "Mobile numbers are automatically set to the type "mobile", even if "phone" was specified."
    const kind = spec.kind === 'phone' && MOBILE.test(v) ? 'mobile' : spec.kind
    contacts.push({
      id: nextId(crm, 'contact'),
      kind,
      subtype: spec.subtype,
      value: v,
      isDefault: false,
      comment: '',
    })
  }
}

function setDefault(contacts: FakeContact[], kinds: FakeContact['kind'][], value: unknown): void {
  const target = contacts.find((c) => kinds.includes(c.kind) && c.value === value)
  if (!target) throw new FakeActionError(258, kinds[0]!)
  for (const c of contacts) if (kinds.includes(c.kind)) c.isDefault = c === target
}

/** A modify of contact data: `{ action: add|modify|delete, oldvalue, newvalue, default }` (apidoc Modify Addresses). */
function changeContact(
  contacts: FakeContact[],
  crm: ActionContext['state']['crm'],
  key: string,
  op: Record<string, unknown>,
): void {
  const spec = CONTACT_PARAMS[key]!
  const kinds: FakeContact['kind'][] = spec.kind === 'phone' ? ['phone', 'mobile'] : [spec.kind]
  const action = op.action
  if (action === 'add') {
    addContact(contacts, crm, key, op.newvalue)
    if (flag(op.default)) setDefault(contacts, kinds, op.newvalue)
    return
  }
  if (action !== 'modify' && action !== 'delete') throw new FakeActionError(82)
  const matches = contacts.filter((c) => kinds.includes(c.kind) && c.value === op.oldvalue)
  if (matches.length === 0) throw new FakeActionError(83)
  if (matches.length > 1) throw new FakeActionError(84)
  const entry = matches[0]!
  if (action === 'delete') {
    contacts.splice(contacts.indexOf(entry), 1)
    return
  }
  if (typeof op.newvalue !== 'string' || op.newvalue === '') throw new FakeActionError(300)
  entry.value = op.newvalue
  if (op.default !== undefined) {
    if (flag(op.default)) setDefault(contacts, kinds, entry.value)
    else entry.isDefault = false
  }
}

/** Applies the field and contact parameters of create/modify to an address. */
function apply(
  ctx: ActionContext,
  a: FakeAddress,
  contacts: FakeContact[],
  creating: boolean,
): void {
  const known = FIELDS()
  const entries = Object.entries(ctx.parameters).filter(([k]) => !CONTROL.has(k))
  for (const [key] of entries) {
    const field = key === 'Status' ? 'status' : key
    if (key === 'Id' || key === 'KdNr' || key === 'Aenderung') throw new FakeActionError(144, key)
    if (
      !(key in CONTACT_PARAMS) &&
      !(key in DEFAULT_PARAMS) &&
      !known.has(field) &&
      key !== 'Benutzer'
    )
      throw new FakeActionError(75, key)
  }
  for (const [key, value] of entries) {
    if (key in CONTACT_PARAMS) {
      if (!creating && value && typeof value === 'object' && !Array.isArray(value))
        changeContact(contacts, ctx.state.crm, key, value as Record<string, unknown>)
      else addContact(contacts, ctx.state.crm, key, value)
    } else if (!(key in DEFAULT_PARAMS)) {
      a.fields[key === 'Status' ? 'status' : key] = Array.isArray(value)
        ? value.map(String).join('|')
        : value === null || value === undefined
          ? ''
          : String(value)
    }
  }
  for (const [key, value] of entries)
    if (key in DEFAULT_PARAMS) setDefault(contacts, DEFAULT_PARAMS[key]!, value)
  if (creating)
    for (const kinds of Object.values(DEFAULT_PARAMS)) {
      const of = contacts.filter((c) => kinds.includes(c.kind))
      if (of.length > 0 && !of.some((c) => c.isDefault)) of[0]!.isDefault = true
    }
  syncMain(a, contacts)
  a.fields.Aenderung = datetime(ctx.now)
}

/**
 * create/address: fields and contact parameters at the top level of `parameters` (apidoc Create Addresses).
 * `checkDuplicate`: an address with the same email exists → its lowest id is updated with the data (or left
 * alone with `noOverrideByDuplicate`) and that id is answered. Without the create right: 131.
 */
export function createAddress(ctx: ActionContext): ActionOutput {
  if (!ctx.state.crm.rights.createAddresses) throw new FakeActionError(131)
  const p = ctx.parameters
  if (flag(p.checkDuplicate)) {
    const emails = [p.email, p.email_private, p.email_business]
      .flat()
      .filter((e): e is string => typeof e === 'string' && e !== '')
      .map((e) => e.toLowerCase())
    const duplicate = [...ctx.state.addresses.values()]
      .filter((a) =>
        (ctx.state.crm.contacts.get(a.id) ?? []).some(
          (c) => c.kind === 'email' && emails.includes(c.value.toLowerCase()),
        ),
      )
      .sort((x, y) => x.id - y.id)[0]
    if (duplicate) {
      if (!flag(p.noOverrideByDuplicate)) {
        const contacts = ctx.state.crm.contacts.get(duplicate.id) ?? []
        const values = new Set(contacts.map((c) => c.value.toLowerCase()))
        // The existing email is the duplicate, not a second entry: only new contact values are added.
        const params = Object.fromEntries(
          Object.entries(p).filter(
            ([k, v]) =>
              !(k in CONTACT_PARAMS) || !(typeof v === 'string' && values.has(v.toLowerCase())),
          ),
        )
        apply({ ...ctx, parameters: params }, duplicate, contacts, false)
        ctx.state.crm.contacts.set(duplicate.id, contacts)
      }
      return { cntabsolute: null, records: [{ id: duplicate.id, type: 'address', elements: {} }] }
    }
  }
  const id = nextId(ctx.state.crm, 'address')
  const kdnr = 5000 + ctx.state.addresses.size
  const address: FakeAddress = { id, fields: { Id: String(id), KdNr: String(kdnr), status: '1' } }
  const contacts: FakeContact[] = []
  apply(ctx, address, contacts, true)
  ctx.state.addresses.set(id, address)
  ctx.state.crm.contacts.set(id, contacts)
  return { cntabsolute: null, records: [{ id, type: 'address', elements: {} }] }
}

/** modify/address: fields and contact operations; `Aenderung` moves to now. */
export function modifyAddress(ctx: ActionContext): ActionOutput {
  if (!ctx.state.crm.rights.modify) throw new FakeActionError(174)
  const id = resourceIdOf(ctx)
  if (id === '') throw new FakeActionError(79)
  const a = ctx.state.addresses.get(Number(id))
  if (!a) throw new FakeActionError(80)
  const contacts = ctx.state.crm.contacts.get(a.id) ?? []
  apply(ctx, a, contacts, false)
  ctx.state.crm.contacts.set(a.id, contacts)
  return {
    cntabsolute: null,
    records: [{ id: 0, type: 'address', elements: { success: 'success' } }],
  }
}
