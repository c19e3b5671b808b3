import type {
  EstateFile,
  EstateFileContent,
  EstatePicture,
  FileArt,
  FileListOptions,
  OnOfficeClient,
  PictureOptions,
  UploadInput,
  UploadResult,
} from '../api/index.ts'

/** What `c.var.onoffice.estate.upload` takes: {@link UploadInput} without `module` and `relatedRecordId`, `Art` required. */
export type EstateUploadInput = Omit<UploadInput, 'module' | 'relatedRecordId' | 'Art'> & {
  Art: FileArt
}

/** The file methods of the launched property (part of `BoundEstate`): thin delegates to `client.files` / `client.estates`. */
export interface BoundEstateFiles {
  /**
   * `client.files.upload({ module: 'estate', relatedRecordId: <launched estateId>, ...input })`: streamed, chunked,
   * never retried; rejects with `OnOfficeUploadError` (nothing linked).
   * @example
   * ```ts
   * app.post('/expose', oo.session(), async (c) => {
   *   const estate = c.var.onoffice.estate
   *   if (!estate) return c.text('no estate', 400)
   *   const { fileId } = await estate.upload({ file: 'expose.pdf', Art: 'Expose', title: 'Exposé', data: await c.req.blob() })
   *   return c.json({ fileId })
   * })
   * ```
   */
  upload(input: EstateUploadInput): Promise<UploadResult>
  /** `client.files.list({ estateId: <launched estateId>, ...options })`: every file of the property. */
  files(options?: Omit<FileListOptions, 'estateId'>): Promise<EstateFile[]>
  /** The property's published pictures (`client.estates.pictures`), titles and texts in the launched language. */
  pictures(options?: Omit<PictureOptions, 'language'>): Promise<EstatePicture[]>
}

/** The file methods for one property and language. */
export function estateFiles(
  client: OnOfficeClient,
  id: string,
  language: string | null,
): BoundEstateFiles {
  return {
    upload: (input) => client.files.upload({ ...input, module: 'estate', relatedRecordId: id }),
    files: (options = {}) => client.files.list({ ...options, estateId: id }),
    async pictures(options = {}) {
      const byEstate = await client.estates.pictures(
        [id],
        language === null ? options : { ...options, language },
      )
      return byEstate.get(Number(id)) ?? []
    },
  }
}

/**
 * The pictures the user selected on the property's "Files" tab before launching (`imageIds`), and helpers that read
 * them. `ids` are the file ids in the order onOffice sent them (empty when none was selected).
 */
export interface LaunchImages {
  readonly ids: readonly number[]
  /** The selected images as entries of the property's file list, in the order of `ids` (ids not found skipped). */
  list(options?: { includeImageUrl?: 'small' | 'medium' | 'original' }): Promise<EstateFile[]>
  /** One selected image with its content; `null` when it is not one of `ids` or the property has no such file. */
  get(id: number): Promise<EstateFileContent | null>
}

// onOffice documents no format for `imageIds`; seen as a comma-separated list. Bounded like every other parse.
const MAX_IMAGE_IDS = 500

/**
 * `imageIds` as file ids: positive integers separated by commas (or `;`, `|`, spaces, as a JSON-like `[1,2]`), in
 * order, duplicates dropped, at most 500. Anything else in the list is ignored.
 */
export function parseImageIds(value: string | undefined): number[] {
  if (!value) return []
  const ids: number[] = []
  const seen = new Set<number>()
  for (const part of value.slice(0, 16 * 1024).split(/[\s,;|[\]]+/)) {
    if (!/^\d{1,15}$/.test(part)) continue
    const id = Number(part)
    if (id === 0 || seen.has(id)) continue
    seen.add(id)
    ids.push(id)
    if (ids.length === MAX_IMAGE_IDS) break
  }
  return ids
}

/** The launch's selected images of the property `estateId`. */
export function launchImages(
  client: OnOfficeClient,
  estateId: string,
  ids: readonly number[],
): LaunchImages {
  const frozen = Object.freeze([...ids])
  return Object.freeze({
    ids: frozen,
    async list(options: { includeImageUrl?: 'small' | 'medium' | 'original' } = {}) {
      if (frozen.length === 0) return []
      const byId = new Map(
        (
          await client.files.list({
            estateId,
            includeImageUrl: options.includeImageUrl ?? 'original',
          })
        ).map((f) => [f.id, f]),
      )
      return frozen.flatMap((id) => byId.get(id) ?? [])
    },
    async get(id: number) {
      if (!frozen.includes(id)) return null
      return client.files.get({ estateId, fileId: id })
    },
  })
}
