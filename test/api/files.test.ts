import { describe, expect, it } from 'vitest'
import {
  OnOfficeApiError,
  OnOfficeTransportError,
  OnOfficeUploadError,
  createClient,
  type OnOfficeClient,
} from '../../src/index.ts'
import { DEMO_CUSTOMER, createFakeOnOffice, type FakeOnOffice } from '../../src/testing/index.ts'

async function activated(fake: FakeOnOffice) {
  const act = await fake.startActivation({ customerWebId: DEMO_CUSTOMER, userId: '17' })
  const base = createClient({
    token: act.apiToken,
    secret: act.apiKey,
    endpoint: fake.endpoint,
    fetch: fake.fetch,
    retryDelayMs: 0,
  })
  await base
    .withClaim(act.apiClaim)
    .marketplace.unlockProvider({ parameterCacheId: act.parameterCacheId })
  const claim = fake.issueClaim(DEMO_CUSTOMER, '17')
  fake.clearReceived()
  return { claim, client: base.withClaim(claim) }
}

function plain(fake: FakeOnOffice): OnOfficeClient {
  const { token, secret } = fake.addApiUser()
  return createClient({
    token,
    secret,
    endpoint: fake.endpoint,
    fetch: fake.fetch,
    retryDelayMs: 0,
  })
}

/** Deterministic, non-repeating bytes (a xorshift stream), so that a block out of place changes the file. */
function bytes(n: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n)
  let x = seed
  for (let i = 0; i < n; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 255
  }
  return out
}

/** A stream that hands out `data` in chunks of the given sizes (cycled). */
function streamOf(data: Uint8Array, sizes: number[]): ReadableStream<Uint8Array> {
  let offset = 0
  let n = 0
  return new ReadableStream({
    pull(controller) {
      if (offset >= data.length) return controller.close()
      const size = sizes[n++ % sizes.length]!
      controller.enqueue(data.slice(offset, offset + size))
      offset += size
    },
  })
}

const uploads = (fake: FakeOnOffice) => fake.receivedActions({ resourcetype: 'uploadfile' })
const estateFiles = (fake: FakeOnOffice, estateId: number) =>
  [...fake.files.values()].filter((f) => f.module === 'estate' && f.relatedRecordId === estateId)

describe('client.files.upload against the fake', () => {
  it('blocks in order, one request each, claim on every block and on the link; the stored file equals the input', async () => {
    const fake = createFakeOnOffice()
    const { client, claim } = await activated(fake)
    const data = bytes(10 * 3000 + 1234)
    const result = await client.files.upload({
      module: 'estate',
      relatedRecordId: 3,
      file: 'plan.png',
      data,
      Art: 'Grundriss',
      title: 'Grundriss EG',
      blockSize: 3000,
    })
    expect(result).toMatchObject({ bytes: data.length, blocks: 11 })
    expect(result.tmpUploadId).toMatch(/^[0-9a-f-]{36}$/)

    const [file] = estateFiles(fake, 3)
    expect(file).toMatchObject({
      id: result.fileId,
      art: 'Grundriss',
      title: 'Grundriss EG',
      originalName: 'plan.png',
    })
    expect(file!.content).toEqual(data)

    // 11 blocks + the link, each alone in its request, in order, all with this claim.
    expect(fake.received).toHaveLength(12)
    for (const request of fake.received) expect(request.actions).toHaveLength(1)
    const actions = uploads(fake)
    expect(actions.map((a) => a.upload)).toEqual([
      ...Array.from({ length: 11 }, (_, i) => ({
        step: 'block',
        block: i + 1,
        tmpUploadId: i === 0 ? null : result.tmpUploadId,
        // 3000 bytes → 4000 base64 characters without padding; the last block: 1234 bytes → 1648 characters.
        base64Length: i < 10 ? 4000 : 1648,
      })),
      { step: 'link', block: null, tmpUploadId: result.tmpUploadId },
    ])
    for (const a of actions) expect(a.claimIs(claim)).toBe(true)
    const link = actions.at(-1)!
    expect(link.parameters).not.toHaveProperty('data')
    expect(link.parameters).toMatchObject({
      module: 'estate',
      relatedRecordId: 3,
      file: 'plan.png',
      Art: 'Grundriss',
      title: 'Grundriss EG',
    })
    // The recorder shows blocks without their data.
    expect(actions[0]!.parameters.data).toBe('[base64: 4000 characters]')
    expect(JSON.stringify(fake.received).length).toBeLessThan(20_000)
  })

  it('a stream in odd chunk sizes, a Blob and an ArrayBuffer upload the same bytes; blockSize is rounded down to a multiple of 3', async () => {
    const fake = createFakeOnOffice()
    const client = plain(fake)
    const data = bytes(25_000, 7)
    const fromStream = await client.files.upload({
      module: 'estate',
      relatedRecordId: 4,
      file: 'a.bin',
      Art: 'Dokument',
      data: streamOf(data, [7, 1000, 1, 4096]),
      blockSize: 1000,
    })
    const fromBlob = await client.files.upload({
      module: 'estate',
      relatedRecordId: 4,
      file: 'b.bin',
      Art: 'Dokument',
      data: new Blob([data]),
      blockSize: 1000,
    })
    const fromBuffer = await client.files.upload({
      module: 'estate',
      relatedRecordId: 4,
      file: 'c.bin',
      Art: 'Dokument',
      data: data.slice().buffer,
      blockSize: 1000,
    })
    // 1000 → 999 bytes per block: 25,000 bytes are 26 blocks.
    for (const r of [fromStream, fromBlob, fromBuffer])
      expect(r).toMatchObject({ bytes: 25_000, blocks: 26 })
    const stored = estateFiles(fake, 4)
    expect(stored.map((f) => f.originalName)).toEqual(['a.bin', 'b.bin', 'c.bin'])
    for (const f of stored) expect(f.content).toEqual(data)
    expect(stored.every((f) => f.category === 'internal')).toBe(true)
    const blockLengths = uploads(fake).flatMap((a) =>
      a.upload?.step === 'block' ? [a.upload.base64Length] : [],
    )
    expect(new Set(blockLengths.filter((_, i) => (i + 1) % 26 !== 0))).toEqual(new Set([1332]))
  })

  it('a failure at block N: typed error with progress, the API error as cause, nothing linked, no retry', async () => {
    const fake = createFakeOnOffice()
    const { client } = await activated(fake)
    fake.faults.next({ type: 'error', code: 238 }, { match: (a) => a.upload?.block === 3 })
    const error = await client.files
      .upload({
        module: 'estate',
        relatedRecordId: 1,
        file: 'big.jpg',
        Art: 'Foto',
        data: bytes(9000),
        blockSize: 1500,
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OnOfficeUploadError)
    expect(error).toMatchObject({ reason: 'block_failed', blocksSent: 2, bytesSent: 3000 })
    expect((error as OnOfficeUploadError).tmpUploadId).toMatch(/^[0-9a-f-]{36}$/)
    expect((error as Error).cause).toBeInstanceOf(OnOfficeApiError)
    expect((error as Error).cause).toMatchObject({ errorCode: 238 })
    expect(estateFiles(fake, 1)).toHaveLength(0)
    expect(uploads(fake).map((a) => a.upload?.block)).toEqual([1, 2, 3])
  })

  it('a transport failure on a block is not retried (the block may have been appended): outcome unknown', async () => {
    const fake = createFakeOnOffice()
    const client = plain(fake)
    fake.faults.next({ type: 'http', status: 503 }, { match: (a) => a.upload?.block === 2 })
    const error = await client.files
      .upload({
        module: 'estate',
        relatedRecordId: 1,
        file: 'x.pdf',
        Art: 'Expose',
        data: bytes(4000),
        blockSize: 3000,
      })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ reason: 'block_failed', blocksSent: 1, bytesSent: 3000 })
    expect((error as Error).cause).toBeInstanceOf(OnOfficeTransportError)
    expect((error as Error).cause).toMatchObject({ status: 503, outcomeUnknown: true })
    expect(uploads(fake)).toHaveLength(2)
    expect(fake.files.size).toBe(0)
  })

  it('a failing link step (a second Titelbild: 239) is link_failed after all blocks', async () => {
    const fake = createFakeOnOffice()
    const client = plain(fake)
    await client.files.upload({
      module: 'estate',
      relatedRecordId: 2,
      file: 'front.jpg',
      Art: 'Titelbild',
      data: bytes(10),
    })
    const error = await client.files
      .upload({
        module: 'estate',
        relatedRecordId: 2,
        file: 'again.jpg',
        Art: 'Titelbild',
        data: bytes(10),
      })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      reason: 'link_failed',
      blocksSent: 1,
      bytesSent: 10,
      cause: expect.objectContaining({ errorCode: 239 }),
    })
    expect(estateFiles(fake, 2).map((f) => f.originalName)).toEqual(['front.jpg'])
  })

  it('TypeErrors before any request: empty file or stream, unknown or link Art, no Art for an estate, no file name, bad blockSize', async () => {
    const fake = createFakeOnOffice()
    const client = plain(fake)
    fake.clearReceived()
    const base = {
      module: 'estate',
      relatedRecordId: 1,
      file: 'a.jpg',
      Art: 'Foto',
      data: bytes(10),
    } as const
    const bad: unknown[] = [
      { ...base, data: new Uint8Array(0) },
      { ...base, data: new Blob([]) },
      { ...base, data: streamOf(new Uint8Array(0), [1]) },
      { ...base, Art: 'Bild' },
      { ...base, Art: 'Link' },
      { ...base, Art: undefined },
      { ...base, file: '' },
      { ...base, file: undefined },
      { ...base, module: 'estates' },
      { ...base, data: 'aGVsbG8=' },
      { ...base, blockSize: 2 },
      { ...base, blockSize: 1.5 },
    ]
    for (const input of bad)
      await expect(
        client.files.upload(input as Parameters<OnOfficeClient['files']['upload']>[0]),
      ).rejects.toBeInstanceOf(TypeError)
    expect(fake.received).toHaveLength(0)
    // Other modules need no Art.
    await expect(
      client.files.upload({
        module: 'address',
        relatedRecordId: [...fake.addresses.keys()][0]!,
        file: 'cv.pdf',
        data: bytes(5),
      }),
    ).resolves.toMatchObject({ blocks: 1 })
  })

  it('abort: before the start nothing is sent; between blocks the upload stops and nothing is linked', async () => {
    const fake = createFakeOnOffice()
    const client = plain(fake)
    const before = new AbortController()
    before.abort()
    await expect(
      client.files.upload({
        module: 'estate',
        relatedRecordId: 1,
        file: 'a.jpg',
        Art: 'Foto',
        data: bytes(10),
        signal: before.signal,
      }),
    ).rejects.toMatchObject({
      reason: 'aborted',
      blocksSent: 0,
    })
    expect(fake.received).toHaveLength(0)

    // The stream aborts once the third block is being read: two blocks went out, the third never does.
    const controller = new AbortController()
    const data = bytes(30)
    let pulled = 0
    // highWaterMark 0: the stream is pulled only when the upload reads, not ahead of it.
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(c) {
          if (++pulled === 3) controller.abort(new Error('user cancelled'))
          if (pulled > 5) return c.close()
          c.enqueue(data.slice((pulled - 1) * 6, pulled * 6))
        },
      },
      { highWaterMark: 0 },
    )
    const error = await client.files
      .upload({
        module: 'estate',
        relatedRecordId: 1,
        file: 'a.jpg',
        Art: 'Foto',
        data: stream,
        blockSize: 6,
        signal: controller.signal,
      })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      reason: 'aborted',
      blocksSent: 2,
      bytesSent: 12,
      cause: expect.objectContaining({ message: 'user cancelled' }),
    })
    expect(uploads(fake).map((a) => a.upload?.step)).toEqual(['block', 'block'])
    expect(fake.files.size).toBe(0)
  })

  it('abort during a block request: the request is cancelled and the upload fails as aborted', async () => {
    const fake = createFakeOnOffice()
    const client = plain(fake)
    fake.faults.next({ type: 'hang' }, { match: (a) => a.upload?.block === 2 })
    const controller = new AbortController()
    const upload = client.files.upload({
      module: 'estate',
      relatedRecordId: 1,
      file: 'a.jpg',
      Art: 'Foto',
      data: bytes(12),
      blockSize: 6,
      signal: controller.signal,
    })
    const error = upload.catch((e: unknown) => e)
    while (uploads(fake).length < 2) await new Promise((r) => setTimeout(r, 1))
    controller.abort()
    expect(await error).toMatchObject({ reason: 'aborted', blocksSent: 1, bytesSent: 6 })
    expect(fake.files.size).toBe(0)
  })

  it('blocks stay outside the micro-batcher: reads made meanwhile never share a block request', async () => {
    const fake = createFakeOnOffice()
    const client = plain(fake)
    const [upload] = await Promise.all([
      client.files.upload({
        module: 'estate',
        relatedRecordId: 1,
        file: 'a.jpg',
        Art: 'Foto',
        data: bytes(30),
        blockSize: 6,
      }),
      client.estates.get(1, { data: ['Id'] }),
      client.estates.get(2, { data: ['Id'] }),
    ])
    expect(upload.blocks).toBe(5)
    for (const request of fake.received) {
      if (request.actions.some((a) => a.resourcetype === 'uploadfile'))
        expect(request.actions).toHaveLength(1)
    }
  })

  it('uploadUrl links a URL without data; list pages at the file list maximum of 100 with typed entries; get returns the bytes', async () => {
    const fake = createFakeOnOffice()
    const client = plain(fake)
    for (let i = 0; i < 230; i++)
      await client.files.uploadUrl({
        module: 'estate',
        relatedRecordId: 5,
        url: `https://tour.example/${i}`,
        Art: 'Film-Link',
        title: `Tour ${i}`,
      })
    const data = bytes(5000, 3)
    const pdf = await client.files.upload({
      module: 'estate',
      relatedRecordId: 5,
      file: 'expose.pdf',
      Art: 'Expose',
      title: 'Exposé',
      data,
      documentAttribute: 'document_expose',
    })
    fake.clearReceived()
    const list = await client.files.list({ estateId: 5, showPublished: true })
    expect(list).toHaveLength(231)
    const pages = fake.receivedActions({ resourcetype: 'file' })
    expect(pages.map((a) => [a.parameters.listlimit, a.parameters.listoffset])).toEqual([
      [100, 0],
      [100, 100],
      [100, 200],
    ])
    // The pages after the first go out together.
    expect(fake.received).toHaveLength(2)
    expect(list[0]).toMatchObject({
      type: 'Film-Link',
      title: 'Tour 0',
      url: 'https://tour.example/0',
      category: 'external',
      publishedOnHomepage: false,
      position: 0,
    })
    const entry = list.find((f) => f.id === pdf.fileId)!
    expect(entry).toMatchObject({
      type: 'Expose',
      title: 'Exposé',
      originalName: 'expose.pdf',
      fileSize: 5000,
      documentAttribute: 'document_expose',
      url: null,
    })
    expect(entry.filename).toMatch(/^[0-9a-f-]{36}\.pdf$/)
    expect(entry).not.toHaveProperty('bytes')

    const got = await client.files.get({ estateId: 5, fileId: pdf.fileId! })
    expect(got!.bytes).toEqual(data)
    expect(got!.title).toBe('Exposé')
    await expect(client.files.get({ estateId: 5, fileId: 1 })).resolves.toBeNull()
    await expect(client.files.get({ estateId: 999, fileId: 1 })).rejects.toMatchObject({
      errorCode: 80,
    })
    await expect(
      client.files.uploadUrl({ module: 'estate', relatedRecordId: 5, url: 'ftp://x', Art: 'Link' }),
    ).rejects.toBeInstanceOf(TypeError)
  })

  it('a block larger than the fake allows answers 238; an unknown or used tmpUploadId 129; bad base64 and data after padding 236', async () => {
    const fake = createFakeOnOffice({ maxFileBytes: 1000 })
    const client = plain(fake)
    await expect(
      client.files.upload({
        module: 'estate',
        relatedRecordId: 1,
        file: 'a.jpg',
        Art: 'Foto',
        data: bytes(1500),
        blockSize: 600,
      }),
    ).rejects.toMatchObject({
      reason: 'block_failed',
      blocksSent: 1,
      cause: expect.objectContaining({ errorCode: 238 }),
    })
    await expect(
      client.do('uploadfile', {
        data: 'AAAA',
        tmpUploadId: '00000000-0000-4000-8000-000000000000',
      }),
    ).rejects.toMatchObject({ errorCode: 129 })
    await expect(client.do('uploadfile', { data: 'not base64!' })).rejects.toMatchObject({
      errorCode: 236,
    })
    await expect(client.do('uploadfile', { data: 42 })).rejects.toMatchObject({ errorCode: 236 })
    const first = await client.do('uploadfile', { data: 'QQ==' })
    const tmpUploadId = String((first.records[0]!.elements as Record<string, unknown>).tmpUploadId)
    await expect(client.do('uploadfile', { data: 'QUJD', tmpUploadId })).rejects.toMatchObject({
      errorCode: 236,
    })
    const linkParams = {
      module: 'estate',
      tmpUploadId,
      relatedRecordId: 1,
      file: 'a.txt',
      Art: 'Dokument',
    }
    await expect(client.do('uploadfile', linkParams)).resolves.toBeDefined()
    await expect(client.do('uploadfile', linkParams)).rejects.toMatchObject({ errorCode: 129 })
    // Another API user cannot use this user's temporary upload.
    const other = await client.do('uploadfile', { data: 'QUJD' })
    await expect(
      plain(fake).do('uploadfile', {
        ...linkParams,
        tmpUploadId: String((other.records[0]!.elements as Record<string, unknown>).tmpUploadId),
      }),
    ).rejects.toMatchObject({ errorCode: 129 })
  })
})

describe('client.estates.pictures', () => {
  it('published pictures of the fake, per estate, in the categories asked for', async () => {
    const fake = createFakeOnOffice()
    const { client, claim } = await activated(fake)
    await client.files.upload({
      module: 'estate',
      relatedRecordId: 1,
      file: 'front.jpg',
      Art: 'Titelbild',
      title: 'Vorderansicht',
      freetext: 'Süden',
      data: bytes(50),
      setDefaultPublicationRights: true,
    })
    await client.files.upload({
      module: 'estate',
      relatedRecordId: 1,
      file: 'garden.jpg',
      Art: 'Foto',
      data: bytes(50),
      setDefaultPublicationRights: true,
    })
    await client.files.upload({
      module: 'estate',
      relatedRecordId: 1,
      file: 'hidden.jpg',
      Art: 'Foto',
      data: bytes(50),
    })
    await client.files.upload({
      module: 'estate',
      relatedRecordId: 1,
      file: 'expose.pdf',
      Art: 'Expose',
      data: bytes(50),
      setDefaultPublicationRights: true,
    })
    fake.clearReceived()
    const pictures = await client.estates.pictures([1, 2], { size: '800x600', language: 'eng' })
    expect([...pictures.keys()]).toEqual([1, 2])
    expect(pictures.get(2)).toEqual([])
    expect(pictures.get(1)!.map((p) => [p.type, p.title, p.text, p.originalName])).toEqual([
      ['Titelbild', 'Vorderansicht', 'Süden', 'front.jpg'],
      ['Foto', '', '', 'garden.jpg'],
    ])
    const [front] = pictures.get(1)!
    expect(front).toMatchObject({ estateId: 1, estateMainId: 1 })
    expect(await (await fake.app.request(new URL(front!.url).pathname)).arrayBuffer()).toEqual(
      bytes(50).buffer,
    )
    const [action] = fake.receivedActions({ resourcetype: 'estatepictures' })
    expect(action!.parameters).toMatchObject({
      estateids: [1, 2],
      size: '800x600',
      language: 'ENG',
      categories: [
        'Titelbild',
        'Foto',
        'Foto_gross',
        'Grundriss',
        'Lageplan',
        'Epass_Skala',
        'Panorama',
      ],
    })
    expect(action!.claimIs(claim)).toBe(true)
    const withExpose = await client.estates.pictures([1], { categories: ['Expose'] })
    expect(withExpose.get(1)!.map((p) => p.originalName)).toEqual(['expose.pdf'])
    await expect(client.estates.pictures([])).rejects.toBeInstanceOf(TypeError)
    await expect(
      client.estates.pictures([1], { categories: ['Bild' as 'Foto'] }),
    ).rejects.toBeInstanceOf(TypeError)
    await expect(client.get('estatepictures', { estateids: [1] })).rejects.toMatchObject({
      errorCode: 139,
    })
  })

  it('a file record whose elements list holds a main estate and its language version (apidoc example) yields both', async () => {
    // apidoc "Get Estate images published on Homepage", example with the id of a property in a foreign language.
    const body = {
      status: { code: 200, errorcode: 0, message: 'OK' },
      response: {
        results: [
          {
            actionid: 'urn:onoffice-de-ns:smart:2.5:smartml:action:get',
            resourceid: '',
            resourcetype: 'estatepictures',
            cacheable: true,
            identifier: '',
            data: {
              meta: { cntabsolute: 1 },
              records: [
                {
                  id: 1461,
                  type: 'files',
                  elements: [
                    {
                      estateid: '137',
                      type: 'Foto',
                      url: 'https://image.onoffice.de/smart25/Objekte/index.php?kunde=Igelmund&datensatz=137&filename=Foto_1461.jpg',
                      title: 'Screenshot Deutsch',
                      text: 'Freitext Deutsch OFF',
                      originalname: 'Screenshot Shopping Center.png',
                    },
                    {
                      estateid: '143',
                      type: 'Foto',
                      url: 'https://image.onoffice.de/smart25/Objekte/index.php?kunde=Igelmund&datensatz=137&filename=Foto_1461.jpg',
                      title: 'Screenshot Englisch',
                      text: 'Freitext Englisch OFF',
                      originalname: 'Screenshot Shopping Center.png',
                      modified: 1540301235,
                      estateMainId: '143',
                    },
                  ],
                },
              ],
            },
            status: { errorcode: 0, message: 'OK' },
          },
        ],
      },
    }
    const client = createClient({
      token: 'a'.repeat(32),
      secret: 'b'.repeat(64),
      fetch: async () => Response.json(body),
    })
    const pictures = await client.estates.pictures([143], { categories: ['Foto'] })
    expect(pictures.get(143)!.map((p) => [p.id, p.title, p.modified, p.estateMainId])).toEqual([
      [1461, 'Screenshot Englisch', 1540301235, 143],
    ])
    expect(pictures.get(137)!.map((p) => [p.id, p.title, p.modified, p.estateMainId])).toEqual([
      [1461, 'Screenshot Deutsch', null, null],
    ])
  })

  it('a get file answer whose record holds a list of files (each with its fileId) gives one entry per file', async () => {
    const body = {
      status: { code: 200, errorcode: 0, message: 'OK' },
      response: {
        results: [
          {
            actionid: 'urn:onoffice-de-ns:smart:2.5:smartml:action:get',
            resourceid: 'estate',
            resourcetype: 'file',
            cacheable: true,
            identifier: '',
            data: {
              meta: { cntabsolute: null },
              records: [
                {
                  id: 3729,
                  type: 'file',
                  elements: [
                    {
                      type: 'Titelbild',
                      filename: 'Titelbild_1.jpg',
                      title: 'Titel',
                      fileId: 11,
                      position: 1,
                      documentAttribute: '',
                      imageUrl: 'https://image.onoffice.de/x/Titelbild_1.jpg',
                    },
                    {
                      type: 'Expose',
                      filename: 'Expose.pdf',
                      title: 'Exposé',
                      fileId: '12',
                      position: 2,
                      documentAttribute: 'expose',
                    },
                  ],
                },
              ],
            },
            status: { errorcode: 0, message: 'OK' },
          },
        ],
      },
    }
    const client = createClient({
      token: 'a'.repeat(32),
      secret: 'b'.repeat(64),
      fetch: async () => Response.json(body),
    })
    const files = await client.files.list({ estateId: 3729 })
    expect(
      files.map((f) => [f.id, f.type, f.title, f.position, f.documentAttribute, f.imageUrl]),
    ).toEqual([
      [11, 'Titelbild', 'Titel', 1, null, 'https://image.onoffice.de/x/Titelbild_1.jpg'],
      [12, 'Expose', 'Exposé', 2, 'expose', null],
    ])
  })
})
