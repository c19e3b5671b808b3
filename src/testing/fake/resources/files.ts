/**
 * `do uploadfile`, `get file` (resourceid `estate`) and `get estatepictures`, as apidoc documents them
 * (reference §3.5). Base64 is decoded here with the platform's `atob` on purpose: the fake must not share the
 * client's encoder, or a bug in it would go unnoticed.
 */
import { FakeActionError } from '../action-error.ts'
import { pageWindow } from '../filter.ts'
import {
  DOCUMENT_ARTS as DOCUMENT_ART_LIST,
  IMAGE_ARTS as IMAGE_ART_LIST,
  LINK_ARTS as LINK_ART_LIST,
} from '../../../api/resources/files.ts'
import { PAGING_RULES } from '../../../api/resources/paging.ts'
import { PICTURE_CATEGORIES as PICTURE_CATEGORY_LIST } from '../../../api/resources/pictures.ts'
import type { TmpUpload } from '../state.ts'
import type { FakeFile } from '../types.ts'
import { resourceIdOf, type ActionContext, type ActionOutput, type OutRecord } from './context.ts'

// Protocol constants shared with the client (reference §3.5): the same lists, not copies.
const IMAGE_ARTS = new Set<string>(IMAGE_ART_LIST)
const DOCUMENT_ARTS = new Set<string>(DOCUMENT_ART_LIST)
const LINK_ARTS = new Set<string>(LINK_ART_LIST)
const MODULES = new Set(['estate', 'address', 'agentsLog', 'task', 'tmpUpload'])
const PICTURE_CATEGORIES = new Set<string>(PICTURE_CATEGORY_LIST)
const FILE_LIST_MAX = PAGING_RULES.file.maxListlimit
const BASE64_CHARS = /[^A-Za-z0-9+/=]/

/** `true` for a picture type (what `estatepictures` may list). */
export const isImageArt = (art: string): boolean => IMAGE_ARTS.has(art)

/** Strict base64 → bytes, or `null`: length a multiple of 4, `=` only as the last one or two characters. */
function decode(text: string): Uint8Array | null {
  if (text.length % 4 !== 0 || BASE64_CHARS.test(text)) return null
  const eq = text.indexOf('=')
  if (eq !== -1 && eq < text.length - 2) return null
  if (eq !== -1 && eq === text.length - 2 && text[text.length - 1] !== '=') return null
  let binary: string
  try {
    binary = atob(text)
  } catch {
    return null
  }
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

/** Bytes → base64 with `btoa`, in slices so that no argument list grows with the file. */
export function encodeContent(bytes: Uint8Array): string {
  const parts: string[] = []
  for (let i = 0; i < bytes.length; i += 0x8000)
    parts.push(String.fromCharCode(...bytes.subarray(i, i + 0x8000)))
  return btoa(parts.join(''))
}

const int = (v: unknown): number | null => {
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null
}
const bool = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 'true'
const str = (v: unknown): string => (typeof v === 'string' ? v : '')

function uploadOf(ctx: ActionContext, id: unknown): TmpUpload {
  const upload = typeof id === 'string' ? ctx.state.uploads.get(id) : undefined
  // Unknown, used once already, or another API user's: onOffice has no such temporary file for this caller.
  if (!upload || upload.used || upload.token !== ctx.user.token) throw new FakeActionError(129)
  return upload
}

const uploadRecord = (elements: Record<string, unknown>): ActionOutput => ({
  cntabsolute: null,
  records: [{ id: 0, type: '', elements }],
})

/** A data block: opens a temporary upload, or appends to the one named by `tmpUploadId`. */
function block(ctx: ActionContext): ActionOutput {
  const p = ctx.parameters
  if (typeof p.data !== 'string') throw new FakeActionError(236)
  const bytes = decode(p.data)
  if (!bytes) throw new FakeActionError(236)
  let upload: TmpUpload
  if (p.tmpUploadId === undefined || p.tmpUploadId === null || p.tmpUploadId === '') {
    upload = {
      id: crypto.randomUUID(),
      token: ctx.user.token,
      chunks: [],
      size: 0,
      blocks: 0,
      padded: false,
      used: false,
    }
  } else {
    upload = uploadOf(ctx, p.tmpUploadId)
    // onOffice appends the base64 *text* of each block: after a padded block, the text would be corrupt.
    if (upload.padded) throw new FakeActionError(236)
  }
  if (upload.size + bytes.length > ctx.state.maxFileBytes) throw new FakeActionError(238)
  if (!ctx.state.uploads.has(upload.id)) ctx.state.uploads.set(upload.id, upload)
  upload.chunks.push(bytes)
  upload.size += bytes.length
  upload.blocks++
  upload.padded = p.data.endsWith('=')
  return uploadRecord({ filesize: upload.size, tmpUploadId: upload.id })
}

function joined(upload: TmpUpload): Uint8Array {
  const out = new Uint8Array(upload.size)
  let o = 0
  for (const c of upload.chunks) {
    out.set(c, o)
    o += c.length
  }
  return out
}

function checkRelated(ctx: ActionContext, module: string, id: number): void {
  if (module === 'estate' && !ctx.state.estates.has(id)) throw new FakeActionError(80)
  if (module === 'address' && !ctx.state.addresses.has(id)) throw new FakeActionError(80)
}

/** The second step: links a temporary upload (or a URL) to a record. */
function link(ctx: ActionContext): ActionOutput {
  const p = ctx.parameters
  if (p.module === undefined || p.module === null || p.module === '')
    throw new FakeActionError(167, 'module')
  const module = String(p.module)
  if (!MODULES.has(module)) throw new FakeActionError(163)
  const art = p.Art === undefined || p.Art === null ? '' : String(p.Art)
  const isLink = LINK_ARTS.has(art)
  if (module === 'tmpUpload') {
    const upload = uploadOf(ctx, p.tmpUploadId)
    upload.used = true
    return uploadRecord({
      filesize: upload.size,
      tmpUploadId: upload.id,
      cacheFileUuid: crypto.randomUUID(),
      success: 'success',
    })
  }
  const related = int(p.relatedRecordId)
  if (related === null) throw new FakeActionError(167, 'relatedRecordId')
  if (module === 'estate') {
    if (art === '') throw new FakeActionError(167, 'Art')
    if (!isLink && !IMAGE_ARTS.has(art) && !DOCUMENT_ARTS.has(art)) throw new FakeActionError(162)
  }
  checkRelated(ctx, module, related)
  let upload: TmpUpload | null = null
  let name = ''
  if (isLink) {
    if (typeof p.url !== 'string' || !/^https?:\/\//.test(p.url))
      throw new FakeActionError(167, 'url')
  } else {
    if (p.file === undefined || p.file === null || p.file === '') throw new FakeActionError(114)
    name = String(p.file)
    if (/[/\\\u0000]/.test(name) || name.trim() === '' || name === '.' || name === '..')
      throw new FakeActionError(213)
    upload = uploadOf(ctx, p.tmpUploadId)
  }
  const siblings = [...ctx.state.files.values()].filter(
    (f) => f.module === module && f.relatedRecordId === related,
  )
  if (module === 'estate' && art === 'Titelbild' && siblings.some((f) => f.art === 'Titelbild'))
    throw new FakeActionError(239)
  const documentAttribute = str(p.documentAttribute) || null
  // "A document attribute can only be assigned once for every estate": the attribute moves to the new file.
  if (documentAttribute)
    for (const f of siblings)
      if (f.documentAttribute === documentAttribute) f.documentAttribute = null
  const id = ctx.state.nextFileId++
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.')) : ''
  const uuid = crypto.randomUUID()
  const position = int(p.position) ?? siblings.length
  for (const f of siblings) if (f.position >= position) f.position++
  const title = str(p.title)
  const freetext = str(p.freetext)
  const file: FakeFile = {
    id,
    module: module as FakeFile['module'],
    relatedRecordId: related,
    art,
    title,
    originalName: name,
    filename: isLink ? '' : `${uuid}${ext}`,
    freetext,
    documentAttribute,
    position,
    category: art === 'Dokument' ? 'internal' : 'external',
    content: upload ? joined(upload) : null,
    url: isLink ? String(p.url) : null,
    modified: Math.floor(ctx.now / 1000),
    // The API honours "Activate newly added files" (on in the fake's demo customer) only with setDefaultPublicationRights.
    publishedOnHomepage: bool(p.setDefaultPublicationRights),
    texts: {},
  }
  if (upload) {
    upload.used = true
    upload.chunks = []
  }
  ctx.state.files.set(id, file)
  const elements: Record<string, unknown> = { fileId: String(id), success: 'success' }
  if (upload) Object.assign(elements, { filesize: file.content!.length, tmpUploadId: upload.id })
  return uploadRecord(elements)
}

/** do/uploadfile: a block when `data` is present (link parameters are then ignored, as documented), else the link step. */
export function uploadFile(ctx: ActionContext): ActionOutput {
  return ctx.parameters.data !== undefined ? block(ctx) : link(ctx)
}

/** The URL under which the fake serves a file's content (`GET`, see the fake's app). */
export const fileUrl = (origin: string, f: FakeFile): string =>
  `${origin}/files/${f.relatedRecordId}/${f.id}/${encodeURIComponent(f.originalName || f.filename)}`

function fileRecord(ctx: ActionContext, f: FakeFile, withContent: boolean): OutRecord {
  const p = ctx.parameters
  const elements: Record<string, unknown> = {
    type: f.art,
    position: f.position,
    documentAttribute: f.documentAttribute,
    name: f.filename.replace(/\.[^.]*$/, ''),
    originalname: f.originalName,
    filename: f.filename,
    fileSize: f.content?.length ?? 0,
    title: f.title,
    freetext: f.freetext,
    modified: f.modified,
    category: f.category,
  }
  if (f.url !== null) elements.url = f.url
  if (withContent && f.content) elements.content = encodeContent(f.content)
  if (
    typeof p.includeImageUrl === 'string' &&
    p.includeImageUrl !== '' &&
    f.content &&
    IMAGE_ARTS.has(f.art)
  )
    elements.imageUrl = fileUrl(ctx.state.origin, f)
  if (bool(p.showispublishedonhomepage)) elements.ispublishedonhomepage = f.publishedOnHomepage
  return { id: f.id, type: 'file', elements }
}

/** get/file (resourceid `estate`): `estateid`, `fileid` | `documentAttribute` (with `content`), `listlimit` ≤ 100, `listoffset`. */
export function getFile(ctx: ActionContext): ActionOutput {
  const p = ctx.parameters
  const resource = resourceIdOf(ctx)
  if (resource !== 'estate') throw new FakeActionError(24, resource)
  const estateId = int(p.estateid)
  if (p.estateid === undefined || p.estateid === null || p.estateid === '')
    throw new FakeActionError(110)
  if (estateId === null || !ctx.state.estates.has(estateId)) throw new FakeActionError(80)
  const files = [...ctx.state.files.values()]
    .filter((f) => f.module === 'estate' && f.relatedRecordId === estateId)
    .sort((a, b) => a.position - b.position)
  const fileId =
    p.fileid === undefined || p.fileid === null || p.fileid === '' ? null : int(p.fileid)
  const attribute = str(p.documentAttribute)
  if (fileId !== null || attribute !== '') {
    const f = files.find((x) =>
      fileId !== null ? x.id === fileId : x.documentAttribute === attribute,
    )
    if (!f) throw new FakeActionError(127)
    return { cntabsolute: 1, records: [fileRecord(ctx, f, true)] }
  }
  // Like the 500 rule of other lists: a listlimit above the file list's maximum is answered with the default.
  const limit = int(p.listlimit)
  const { offset, limit: size } = pageWindow(
    limit !== null && limit > FILE_LIST_MAX ? undefined : p.listlimit,
    p.listoffset,
  )
  return {
    cntabsolute: files.length,
    records: files.slice(offset, offset + size).map((f) => fileRecord(ctx, f, false)),
  }
}

/**
 * get/estatepictures: `estateids`, `categories` (both mandatory, else 139), `size`, `language`. One record per
 * file with a *list* of elements (one per estate), published pictures only.
 */
export function getEstatePictures(ctx: ActionContext): ActionOutput {
  const p = ctx.parameters
  if (
    !Array.isArray(p.estateids) ||
    p.estateids.length === 0 ||
    !Array.isArray(p.categories) ||
    p.categories.length === 0
  )
    throw new FakeActionError(139)
  if (p.estateids.length > 500) throw new FakeActionError(302)
  const categories = new Set(p.categories.map(String).filter((c) => PICTURE_CATEGORIES.has(c)))
  const ids = new Set(p.estateids.map((v) => int(v)).filter((v): v is number => v !== null))
  const language = str(p.language)
  const records: OutRecord[] = []
  for (const f of ctx.state.files.values()) {
    if (
      f.module !== 'estate' ||
      !ids.has(f.relatedRecordId) ||
      !categories.has(f.art) ||
      !f.publishedOnHomepage
    )
      continue
    const texts = (language && f.texts[language]) || { title: f.title, freetext: f.freetext }
    records.push({
      id: f.id,
      type: 'files',
      elements: [
        {
          estateid: String(f.relatedRecordId),
          type: f.art,
          url: f.url ?? fileUrl(ctx.state.origin, f),
          title: texts.title,
          text: texts.freetext,
          originalname: f.originalName,
          modified: f.modified,
          estateMainId: String(f.relatedRecordId),
        },
      ],
    })
  }
  return { cntabsolute: records.length, records }
}
