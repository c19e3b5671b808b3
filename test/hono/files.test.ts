import type { Hono } from 'hono'
import type { TestOnOffice } from './helpers.ts'
import { describe, expect, it } from 'vitest'
import { parseImageIds } from '../../src/hono/index.ts'
import { createHarness, useCanary } from './helpers.ts'

useCanary()

// What a service does with the launched property's files: upload a result, list files, read pictures and the
// images the user selected before launching.
function routes(app: Hono, oo: TestOnOffice): void {
  app.get('/service', oo.launch(), async (c) => {
    const o = c.var.onoffice
    if (!o.estate || !o.images) return c.json({ estate: null, images: o.images })
    const uploaded = await o.estate.upload({
      file: 'staged.jpg',
      Art: 'Foto',
      title: 'Staged',
      data: new TextEncoder().encode(`staged ${o.estate.id}`),
      setDefaultPublicationRights: true,
    })
    const selected = await o.images.list()
    const first = o.images.ids[0] === undefined ? null : await o.images.get(o.images.ids[0])
    return c.json({
      uploaded,
      ids: o.images.ids,
      selected: selected.map((f) => [f.id, f.originalName, f.imageUrl !== null]),
      firstBytes: first ? new TextDecoder().decode(first.bytes) : null,
      notSelected: await o.images.get(999_999),
      files: (await o.estate.files()).map((f) => f.originalName),
      pictures: (await o.estate.pictures({ categories: ['Foto'] })).map((p) => [
        p.title,
        p.estateId,
      ]),
      sessionToken: o.sessionToken,
    })
  })
}

describe('launch: c.var.onoffice.estate files and c.var.onoffice.images', () => {
  it('estate.upload/files/pictures delegate to client.files / client.estates for the launched estate, with the claim; images are the launch imageIds', async () => {
    const h = createHarness({}, routes)
    await h.activate('3001')
    const claim = h.fake.issueClaim('3001', '17')
    // Two pictures the user selected on the Files tab (uploaded beforehand by someone else).
    const { createClient } = await import('../../src/index.ts')
    const plain = h.fake.addApiUser({ customerWebId: '3001' })
    const other = createClient({
      ...plain,
      endpoint: h.fake.endpoint,
      fetch: h.fake.fetch,
      now: () => h.clock.now,
    })
    const a = await other.files.upload({
      module: 'estate',
      relatedRecordId: 2,
      file: 'a.jpg',
      Art: 'Foto',
      data: new TextEncoder().encode('picture a'),
    })
    const b = await other.files.upload({
      module: 'estate',
      relatedRecordId: 2,
      file: 'b.jpg',
      Art: 'Grundriss',
      data: new TextEncoder().encode('picture b'),
    })
    h.fake.clearReceived()

    const res = await h.launch(
      '3001',
      { userId: '17', estateId: 2, language: 'ENG', imageIds: `${b.fileId},${a.fileId}` },
      { claim },
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    expect(body.ids).toEqual([b.fileId, a.fileId])
    expect(body.selected).toEqual([
      [b.fileId, 'b.jpg', true],
      [a.fileId, 'a.jpg', true],
    ])
    expect(body.firstBytes).toBe('picture b')
    expect(body.notSelected).toBeNull()
    expect(body.files).toEqual(['a.jpg', 'b.jpg', 'staged.jpg'])
    expect(body.pictures).toEqual([['Staged', 2]])
    expect(body.uploaded).toMatchObject({ bytes: 'staged 2'.length, blocks: 1 })
    expect(h.fake.files.get((body.uploaded as { fileId: number }).fileId)).toMatchObject({
      relatedRecordId: 2,
      art: 'Foto',
      module: 'estate',
    })
    // Every call of the launch carried its claim; the pictures were read in the launched language.
    const actions = h.fake.receivedActions()
    expect(actions.length).toBeGreaterThan(0)
    for (const action of actions) expect(action.claimIs(claim)).toBe(true)
    expect(h.fake.receivedActions({ resourcetype: 'estatepictures' })[0]!.parameters).toMatchObject(
      { estateids: [2], language: 'ENG' },
    )
  })

  it('without estateId images is null; imageIds are parsed tolerantly and bounded', async () => {
    const h = createHarness({}, routes)
    await h.activate('3002')
    const res = await h.launch('3002', { userId: '1' })
    expect(await res.json()).toMatchObject({ estate: null, images: null })
    expect(parseImageIds('12, 7;7|x 0 [3]')).toEqual([12, 7, 3])
    expect(parseImageIds(undefined)).toEqual([])
    expect(parseImageIds(Array.from({ length: 2000 }, (_, i) => i + 1).join(','))).toHaveLength(500)
  })
})
