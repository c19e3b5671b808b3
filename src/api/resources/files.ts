/**
 * Estate files (`get file`) and the chunked file upload (`do uploadfile`), reference §3.5 and §5.
 *
 * An upload is a series of writes: every block goes out in a request of its own, in order, outside the
 * micro-batcher, and none is ever retried — onOffice appends each block's base64 text to the file, so a block
 * sent twice would corrupt it. The data are read and base64-encoded one block at a time.
 */
import { decodeBase64, encodeBase64 } from '../../core/base64.ts'
import { OnOfficeApiError, OnOfficeError, OnOfficeResponseError } from '../errors.ts'
import type { ActionInput, ActionResult, OnOfficeRecord } from '../types.ts'
import { recordId, type Call } from './caller.ts'
import { pages } from './paging.ts'

/** Sends one action in a request of its own (never batched, never retried), optionally abortable. */
export type SendAlone = (action: ActionInput, signal?: AbortSignal) => Promise<ActionResult>

/** `Art` values of estate pictures (reference §3.5). */
export const IMAGE_ARTS = [
  'Titelbild',
  'Foto',
  'Foto_gross',
  'Grundriss',
  'Lageplan',
  'Stadtplan',
  'Anzeigen',
  'Epass_Skala',
  'Finanzierungsbeispiel',
  'QR-Code',
  'Logo',
  'Banner',
  'Panorama',
] as const
/** `Art` values of estate documents; `Dokument` lands in the internal area, the others in the external one. */
export const DOCUMENT_ARTS = [
  'Expose',
  'Dokument',
  'Aushang',
  'Mietaufstellung',
  'Energieausweis',
] as const
/** `Art` values of estate links (uploaded with a `url`, no data). */
export const LINK_ARTS = ['Link', 'Ogulo-Link', 'Film-Link', 'Objekt-Link'] as const

/** An estate picture type. */
export type ImageArt = (typeof IMAGE_ARTS)[number]
/** An estate document type. */
export type DocumentArt = (typeof DOCUMENT_ARTS)[number]
/** An estate link type. */
export type LinkArt = (typeof LINK_ARTS)[number]
/** The `Art` of an uploaded file (pictures and documents). */
export type FileArt = ImageArt | DocumentArt

/** Modules a file can be linked to. */
export type FileModule = 'estate' | 'address' | 'agentsLog' | 'task'
const MODULES: readonly FileModule[] = ['estate', 'address', 'agentsLog', 'task']
// onOffice's "File not found" for a `fileid` the estate does not have.
const FILE_NOT_FOUND = 127
const FILE_ARTS = new Set<string>([...IMAGE_ARTS, ...DOCUMENT_ARTS])
const LINK_ART_SET = new Set<string>(LINK_ARTS)

/**
 * Default raw bytes per upload block: 768 KiB, i.e. exactly 1 MiB of base64 text per request. Why: an upload then
 * needs about 8 MiB of memory whatever the file size (measured: `uploadPeakMemoryMiB` in bench/results.json, live
 * memory of a 64 MiB streamed upload) — a Cloudflare Worker (128 MB) can run many at once next to its own work —
 * and every request stays far below any body limit (onOffice documents none; its API is PHP, default
 * `post_max_size` 8 MB). The price is one request per 768 KiB (a 10 MB photo: 14 requests). Raise `blockSize` for
 * fewer requests: memory grows about 9 × blockSize.
 */
export const DEFAULT_UPLOAD_BLOCK_SIZE = 768 * 1024
/** Largest accepted `blockSize` (24 MiB raw → 32 MiB base64 per request). */
export const MAX_UPLOAD_BLOCK_SIZE = 24 * 1024 * 1024

/** What {@link FilesApi.upload} takes. */
export interface UploadInput {
  module: FileModule
  /** The record the file is linked to (estate id for `module: 'estate'`). */
  relatedRecordId: number | string
  /** File name with extension, e.g. `expose.pdf`. */
  file: string
  /** The content. A stream is read one block at a time; a `Blob` is sliced per block. */
  data: ReadableStream<Uint8Array> | Uint8Array | ArrayBuffer | Blob
  title?: string
  /** Type of the file; required for `module: 'estate'`. */
  Art?: FileArt
  /** A document attribute (at most once per estate). */
  documentAttribute?: string
  freetext?: string
  /** Position on the "Files" tab; 0 is the first image; default: last. */
  position?: number
  /** Let onOffice apply "Activate newly added files" (publication); onOffice's default is `false`. */
  setDefaultPublicationRights?: boolean
  /** Add the configured watermark (estate images only). */
  applyWaterMark?: boolean
  /**
   * Raw bytes per block, rounded down to a multiple of 3 (so no block but the last has `=` padding);
   * default {@link DEFAULT_UPLOAD_BLOCK_SIZE} (3 MiB), 3 B … 24 MiB.
   */
  blockSize?: number
  /** Aborts the upload between or during blocks; nothing is linked. */
  signal?: AbortSignal
}

/** The outcome of a linked upload. */
export interface UploadResult {
  /** The temporary upload id onOffice assigned (used once, by the link step). */
  tmpUploadId: string
  /** Bytes uploaded. */
  bytes: number
  /** Data blocks sent (the link step not counted). */
  blocks: number
  /** The new file's id, when onOffice reports it (`fileId` of the link answer). */
  fileId: number | null
}

/** What {@link FilesApi.uploadUrl} takes. */
export interface UploadUrlInput {
  module: FileModule
  relatedRecordId: number | string
  url: string
  Art: LinkArt
  title?: string
}

/** Why an upload failed (`OnOfficeUploadError.reason`). */
export type UploadFailureReason =
  /** onOffice refused a data block (or it did not arrive); see `cause`. */
  | 'block_failed'
  /** The blocks arrived but the link step failed; see `cause`. */
  | 'link_failed'
  /** onOffice's `filesize` after a block is not the number of bytes sent so far. */
  | 'size_mismatch'
  /** onOffice's answer to a block has no `tmpUploadId`. */
  | 'bad_response'
  /** Reading `data` failed (the stream errored or yielded something other than bytes). */
  | 'source_failed'
  /** The `signal` aborted the upload. */
  | 'aborted'

/**
 * An upload failed (`code` `ERR_ONOFFICE_UPLOAD`; `reason` says why). Nothing was linked: the file does not
 * appear in the record (a started temporary upload is left to expire on onOffice's side). Blocks are writes and
 * are never retried; to try again, upload again.
 * @example
 * ```ts
 * try {
 *   await client.files.upload({ module: 'estate', relatedRecordId: 4711, file: 'expose.pdf', Art: 'Expose', data })
 * } catch (e) {
 *   if (e instanceof OnOfficeUploadError) console.error(e.reason, e.blocksSent, e.bytesSent, e.cause)
 * }
 * ```
 */
export class OnOfficeUploadError extends OnOfficeError {
  override name = 'OnOfficeUploadError'
  readonly code = 'ERR_ONOFFICE_UPLOAD' as const
  readonly reason: UploadFailureReason
  /** Raw bytes onOffice acknowledged before the failure. */
  readonly bytesSent: number
  /** Blocks onOffice acknowledged before the failure. */
  readonly blocksSent: number
  /** The temporary upload id, if the first block got one. */
  readonly tmpUploadId: string | null

  constructor(
    reason: UploadFailureReason,
    message: string,
    progress: { bytesSent: number; blocksSent: number; tmpUploadId: string | null },
    cause?: unknown,
  ) {
    super(
      `files.upload: ${message} (after ${progress.blocksSent} blocks, ${progress.bytesSent} bytes; nothing was linked)`,
      { cause },
    )
    this.reason = reason
    this.bytesSent = progress.bytesSent
    this.blocksSent = progress.blocksSent
    this.tmpUploadId = progress.tmpUploadId
  }
}

/** One entry of an estate's file list (`get file`). Values are normalised; `elements` keeps what onOffice sent. */
export interface EstateFile {
  id: number
  /** The file's `Art` (e.g. `Foto`, `Expose`, `Link`). */
  type: string
  title: string
  /** Stored file name (e.g. `<uuid>.jpg`). */
  filename: string
  /** Name of the uploaded file. */
  originalName: string
  freetext: string
  documentAttribute: string | null
  position: number | null
  fileSize: number | null
  /** Last change, unix seconds. */
  modified: number | null
  /** `internal` or `external` (the two areas of the "Files" tab). */
  category: string
  /** The URL of a link file. */
  url: string | null
  /** With `includeImageUrl`. */
  imageUrl: string | null
  /** With `showPublished`: activated for the own homepage / API. */
  publishedOnHomepage: boolean | null
  elements: Readonly<Record<string, unknown>>
}

/** A file with its content ({@link FilesApi.get}). */
export interface EstateFileContent extends EstateFile {
  bytes: Uint8Array
}

/** Options of {@link FilesApi.list}. */
export interface FileListOptions {
  estateId: number | string
  /** Add `imageUrl` in this size: `small` (120 px), `medium` (200 px) or `original`. */
  includeImageUrl?: 'small' | 'medium' | 'original'
  /** Add `publishedOnHomepage`. */
  showPublished?: boolean
}

/** Estate files and uploads (`client.files`). */
export interface FilesApi {
  /**
   * Uploads a file in blocks and links it to a record. Resolves after the link step succeeded; rejects with an
   * {@link OnOfficeUploadError} (nothing linked) or, before any request, a `TypeError` for an empty file, an
   * unknown `Art` or a missing `file` name.
   */
  upload(input: UploadInput): Promise<UploadResult>
  /** Links a URL (`Art` `Link`, `Film-Link`, `Ogulo-Link`, `Objekt-Link`) to a record. A write: never retried. */
  uploadUrl(input: UploadUrlInput): Promise<{ fileId: number | null }>
  /** Every file of an estate (without contents), paged at the file list's maximum of 100. */
  list(options: FileListOptions): Promise<EstateFile[]>
  /** One file with its content (base64 decoded); `null` when the estate has no such file. */
  get(options: {
    estateId: number | string
    fileId: number | string
  }): Promise<EstateFileContent | null>
}

/** The elements of a record as a list: onOffice sends an object, or a list of objects for some resources. */
export function elementList(record: OnOfficeRecord): Record<string, unknown>[] {
  const elements: unknown = record.elements
  if (Array.isArray(elements))
    return elements.filter(
      (e): e is Record<string, unknown> => !!e && typeof e === 'object' && !Array.isArray(e),
    )
  return elements && typeof elements === 'object' ? [elements as Record<string, unknown>] : []
}

/** A number from onOffice's numbers-as-strings; `null` when absent or not a number. */
export function numberOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value)
  return null
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''
const textOrNull = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null
const flag = (value: unknown): boolean | null =>
  value === true || value === 1 || value === '1'
    ? true
    : value === false || value === 0 || value === '0'
      ? false
      : null

function estateFileOf(e: Record<string, unknown>, id: number): EstateFile {
  return {
    id,
    type: text(e.type),
    title: text(e.title),
    filename: text(e.filename),
    originalName: text(e.originalname),
    freetext: text(e.freetext),
    documentAttribute: textOrNull(e.documentAttribute),
    position: numberOf(e.position),
    fileSize: numberOf(e.fileSize),
    modified: numberOf(e.modified),
    category: text(e.category),
    url: textOrNull(e.url),
    imageUrl: textOrNull(e.imageUrl),
    publishedOnHomepage: flag(e.ispublishedonhomepage),
    elements: e,
  }
}

/**
 * The files of one `get file` record. apidoc shows one record per file (its `id` the file id, `elements` an
 * object); records whose `elements` are a list of files (each with its `fileId`) are read too.
 */
function estateFilesOf(record: OnOfficeRecord): EstateFile[] {
  if (!Array.isArray(record.elements)) {
    const id = numberOf(record.id) ?? numberOf(record.elements.fileId)
    return id === null ? [] : [estateFileOf(record.elements, id)]
  }
  const files: EstateFile[] = []
  for (const e of elementList(record)) {
    const id = numberOf(e.fileId) ?? numberOf(e.id)
    if (id !== null) files.push(estateFileOf(e, id))
  }
  return files
}

function moduleOf(value: unknown, where: string): FileModule {
  if (!MODULES.includes(value as FileModule))
    throw new TypeError(`${where}: module must be one of ${MODULES.join(', ')}`)
  return value as FileModule
}

function blockSizeOf(value: unknown): number {
  if (value === undefined) return DEFAULT_UPLOAD_BLOCK_SIZE
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 3 ||
    value > MAX_UPLOAD_BLOCK_SIZE
  )
    throw new TypeError(
      `files.upload: blockSize must be an integer from 3 to ${MAX_UPLOAD_BLOCK_SIZE} (bytes)`,
    )
  return value - (value % 3)
}

/** Yields the data in blocks of exactly `size` bytes (the last one shorter); `cancel` releases a stream. */
interface BlockSource {
  /** Total size when known up front (bytes, Blob), else `null`. */
  readonly size: number | null
  next(): Promise<Uint8Array | null>
  cancel(reason: unknown): Promise<void>
}

const isStream = (v: unknown): v is ReadableStream<Uint8Array> =>
  !!v && typeof (v as ReadableStream).getReader === 'function'
const isBlob = (v: unknown): v is Blob =>
  !!v &&
  typeof (v as Blob).arrayBuffer === 'function' &&
  typeof (v as Blob).slice === 'function' &&
  typeof (v as Blob).size === 'number'

function bytesSource(bytes: Uint8Array, size: number): BlockSource {
  let offset = 0
  return {
    size: bytes.length,
    async next() {
      if (offset >= bytes.length) return null
      const block = bytes.subarray(offset, Math.min(offset + size, bytes.length))
      offset += block.length
      return block
    },
    async cancel() {},
  }
}

function blobSource(blob: Blob, size: number): BlockSource {
  let offset = 0
  return {
    size: blob.size,
    async next() {
      if (offset >= blob.size) return null
      const end = Math.min(offset + size, blob.size)
      const block = new Uint8Array(await blob.slice(offset, end).arrayBuffer())
      offset = end
      return block
    },
    async cancel() {},
  }
}

/**
 * A stream cut into blocks: chunks are copied into one reused block buffer, so memory is one block plus the
 * chunk being read, whatever the stream's length (a producer's own chunk size is its business).
 */
function streamSource(stream: ReadableStream<Uint8Array>, size: number): BlockSource {
  const reader = stream.getReader()
  const buffer = new Uint8Array(size)
  let pending: Uint8Array | null = null
  let done = false
  return {
    size: null,
    async next() {
      let filled = 0
      while (filled < size) {
        if (!pending) {
          if (done) break
          const r = await reader.read()
          if (r.done) {
            done = true
            break
          }
          const chunk: unknown = r.value
          if (!(chunk instanceof Uint8Array))
            throw new TypeError('the data stream yielded a chunk that is not a Uint8Array')
          pending = chunk
        }
        const take = Math.min(size - filled, pending.length)
        buffer.set(take === pending.length ? pending : pending.subarray(0, take), filled)
        filled += take
        pending = take === pending.length ? null : pending.subarray(take)
      }
      return filled === 0 ? null : buffer.subarray(0, filled)
    },
    async cancel(reason) {
      await reader.cancel(reason).catch(() => {})
    },
  }
}

function sourceOf(data: unknown, size: number): BlockSource {
  if (data instanceof Uint8Array) return bytesSource(data, size)
  if (ArrayBuffer.isView(data))
    return bytesSource(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), size)
  if (
    data instanceof ArrayBuffer ||
    Object.prototype.toString.call(data) === '[object ArrayBuffer]'
  )
    return bytesSource(new Uint8Array(data as ArrayBuffer), size)
  if (isBlob(data)) return blobSource(data, size)
  if (isStream(data)) return streamSource(data, size)
  throw new TypeError(
    'files.upload: data must be a ReadableStream of Uint8Array, a Uint8Array, an ArrayBuffer or a Blob',
  )
}

/** The link-step parameters, checked before any request. */
function linkParameters(input: UploadInput): Record<string, unknown> {
  const where = 'files.upload'
  if (typeof input !== 'object' || input === null)
    throw new TypeError(
      `${where}: input must be an object { module, relatedRecordId, file, data, … }`,
    )
  const module = moduleOf(input.module, where)
  const parameters: Record<string, unknown> = {
    module,
    relatedRecordId: Number(recordId(input.relatedRecordId, `${where} relatedRecordId`)),
  }
  if (typeof input.file !== 'string' || input.file.trim() === '')
    throw new TypeError(`${where}: file must be the file name (e.g. 'expose.pdf')`)
  parameters.file = input.file
  if (input.Art !== undefined) {
    if (LINK_ART_SET.has(input.Art))
      throw new TypeError(`${where}: Art '${input.Art}' is a link type; use files.uploadUrl`)
    if (!FILE_ARTS.has(input.Art))
      throw new TypeError(`${where}: Art must be one of ${[...FILE_ARTS].join(', ')}`)
    parameters.Art = input.Art
  } else if (module === 'estate') {
    throw new TypeError(`${where}: Art is required for module 'estate' (e.g. 'Foto', 'Expose')`)
  }
  for (const key of ['title', 'documentAttribute', 'freetext'] as const) {
    const v = input[key]
    if (v === undefined) continue
    if (typeof v !== 'string') throw new TypeError(`${where}: ${key} must be a string`)
    parameters[key] = v
  }
  if (input.position !== undefined) {
    if (!Number.isInteger(input.position) || input.position < 0)
      throw new TypeError(`${where}: position must be an integer ≥ 0`)
    parameters.position = input.position
  }
  for (const key of ['setDefaultPublicationRights', 'applyWaterMark'] as const) {
    const v = input[key]
    if (v === undefined) continue
    if (typeof v !== 'boolean') throw new TypeError(`${where}: ${key} must be a boolean`)
    parameters[key] = v
  }
  if (input.signal !== undefined && !(input.signal instanceof AbortSignal))
    throw new TypeError(`${where}: signal must be an AbortSignal`)
  return parameters
}

const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException('The upload was aborted', 'AbortError')

async function upload(send: SendAlone, input: UploadInput): Promise<UploadResult> {
  const link = linkParameters(input)
  const size = blockSizeOf(input.blockSize)
  const source = sourceOf(input.data, size)
  if (source.size === 0)
    throw new TypeError('files.upload: the file is empty (0 bytes); onOffice stores no empty files')
  const signal = input.signal
  const progress = { bytesSent: 0, blocksSent: 0, tmpUploadId: null as string | null }
  const fail = async (
    reason: UploadFailureReason,
    message: string,
    cause?: unknown,
  ): Promise<never> => {
    await source.cancel(cause)
    throw new OnOfficeUploadError(reason, message, progress, cause)
  }
  const checkAbort = async () => {
    if (signal?.aborted) await fail('aborted', 'aborted', abortReason(signal))
  }

  for (;;) {
    await checkAbort()
    let block: Uint8Array | null
    try {
      block = await source.next()
    } catch (cause) {
      // Nothing was sent yet for a stream that is empty or broken from the start: that is the caller's input.
      return fail('source_failed', 'reading data failed', cause)
    }
    if (block === null) break
    await checkAbort()
    // No scratch buffer is kept for the base64 bytes: held across the request it would be one more block of live memory.
    const parameters: Record<string, unknown> = { data: encodeBase64(block) }
    if (progress.tmpUploadId !== null) parameters.tmpUploadId = progress.tmpUploadId
    let result: ActionResult
    try {
      result = await send({ kind: 'do', resourcetype: 'uploadfile', parameters }, signal)
    } catch (cause) {
      if (signal?.aborted)
        return fail(
          'aborted',
          `aborted during block ${progress.blocksSent + 1}`,
          abortReason(signal),
        )
      return fail('block_failed', `block ${progress.blocksSent + 1} failed`, cause)
    }
    const elements = result.records[0] ? elementList(result.records[0])[0] : undefined
    const id = elements?.tmpUploadId
    if (typeof id !== 'string' || id === '')
      return fail(
        'bad_response',
        `onOffice answered block ${progress.blocksSent + 1} without a tmpUploadId`,
      )
    if (progress.tmpUploadId !== null && id !== progress.tmpUploadId)
      return fail(
        'bad_response',
        `onOffice answered block ${progress.blocksSent + 1} with another tmpUploadId`,
      )
    progress.tmpUploadId = id
    progress.bytesSent += block.length
    progress.blocksSent++
    const filesize = numberOf(elements?.filesize)
    if (filesize !== null && filesize !== progress.bytesSent)
      return fail(
        'size_mismatch',
        `onOffice holds ${filesize} bytes after block ${progress.blocksSent}, ${progress.bytesSent} were sent`,
      )
  }
  if (progress.tmpUploadId === null)
    throw new TypeError('files.upload: the file is empty (0 bytes); onOffice stores no empty files')
  await checkAbort()
  let result: ActionResult
  try {
    result = await send(
      {
        kind: 'do',
        resourcetype: 'uploadfile',
        parameters: { ...link, tmpUploadId: progress.tmpUploadId },
      },
      signal,
    )
  } catch (cause) {
    if (signal?.aborted) return fail('aborted', 'aborted during the link step', abortReason(signal))
    return fail('link_failed', 'the link step failed', cause)
  }
  const elements = result.records[0] ? elementList(result.records[0])[0] : undefined
  return {
    tmpUploadId: progress.tmpUploadId,
    bytes: progress.bytesSent,
    blocks: progress.blocksSent,
    fileId: numberOf(elements?.fileId),
  }
}

/** @internal */
export function filesApi(call: Call, send: SendAlone): FilesApi {
  return {
    upload: (input) => upload(send, input),
    async uploadUrl(input) {
      const where = 'files.uploadUrl'
      if (typeof input !== 'object' || input === null)
        throw new TypeError(
          `${where}: input must be an object { module, relatedRecordId, url, Art }`,
        )
      const module = moduleOf(input.module, where)
      if (!LINK_ART_SET.has(input.Art))
        throw new TypeError(`${where}: Art must be one of ${LINK_ARTS.join(', ')}`)
      let url: URL
      try {
        url = new URL(input.url)
      } catch {
        throw new TypeError(`${where}: url must be an absolute http(s) URL`)
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new TypeError(`${where}: url must be an absolute http(s) URL`)
      if (input.title !== undefined && typeof input.title !== 'string')
        throw new TypeError(`${where}: title must be a string`)
      const parameters: Record<string, unknown> = {
        module,
        relatedRecordId: Number(recordId(input.relatedRecordId, `${where} relatedRecordId`)),
        Art: input.Art,
        url: input.url,
      }
      if (input.title !== undefined) parameters.title = input.title
      const result = await send({ kind: 'do', resourcetype: 'uploadfile', parameters })
      const elements = result.records[0] ? elementList(result.records[0])[0] : undefined
      return { fileId: numberOf(elements?.fileId) }
    },
    async list(options) {
      const where = 'files.list'
      if (typeof options !== 'object' || options === null)
        throw new TypeError(`${where}: options must be an object { estateId }`)
      const base: Record<string, unknown> = {
        estateid: Number(recordId(options.estateId, `${where} estateId`)),
      }
      if (options.includeImageUrl !== undefined) {
        if (!['small', 'medium', 'original'].includes(options.includeImageUrl))
          throw new TypeError(`${where}: includeImageUrl must be 'small', 'medium' or 'original'`)
        base.includeImageUrl = options.includeImageUrl
      }
      if (options.showPublished !== undefined)
        base.showispublishedonhomepage = options.showPublished === true
      // Paged by the file list's own rule (PAGING_RULES.file: at most 100 per page).
      const files: EstateFile[] = []
      for await (const rec of pages(call, {
        kind: 'get',
        resourcetype: 'file',
        resourceid: 'estate',
        parameters: base,
      }))
        files.push(...estateFilesOf(rec))
      return files
    },
    async get(options) {
      const where = 'files.get'
      if (typeof options !== 'object' || options === null)
        throw new TypeError(`${where}: options must be an object { estateId, fileId }`)
      const parameters = {
        estateid: Number(recordId(options.estateId, `${where} estateId`)),
        fileid: Number(recordId(options.fileId, `${where} fileId`)),
      }
      let result: ActionResult
      try {
        result = await call({ kind: 'get', resourcetype: 'file', resourceid: 'estate', parameters })
      } catch (error) {
        if (error instanceof OnOfficeApiError && error.errorCode === FILE_NOT_FOUND) return null
        throw error
      }
      const file = result.records.flatMap(estateFilesOf).find((f) => f.id === parameters.fileid)
      if (!file) return null
      const content = file.elements.content
      const bytes = typeof content === 'string' ? decodeBase64(content) : new Uint8Array(0)
      if (!bytes)
        throw new OnOfficeResponseError(`${where}: onOffice sent a file content that is not base64`)
      return { ...file, bytes }
    },
  }
}
