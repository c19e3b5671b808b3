/**
 * File upload: memory of a streamed 64 MiB upload and wall time of a 16 MiB upload.
 *
 * - `uploadPeakMemoryMiB`: a child process (`node --expose-gc`) streams 64 MiB at the default block size to the
 *   fake served over HTTP by this process (which keeps the file, so it is not counted). The figure is the child's
 *   live memory (heap + external, after a full GC taken at the moment each block's request bytes exist) above its
 *   level before the upload; target ≤ 3 × blockSize + 8 MiB. `uploadPeakRssMiB` is the child's peak RSS above its
 *   level before the upload, sampled every millisecond (garbage a lazy collector has not freed yet included).
 *   The child's fetch is node:http (see the fixture: undici itself keeps ~30 MiB reachable for 4 MiB posts).
 * - `uploadWallRatio`: in-process against the fake, `client.files.upload` of 16 MiB (blocks + link) vs. the same
 *   bytes base64-encoded (`Buffer`) and posted as one `uploadfile` action by a plain `fetch` (target ≤ 1.3).
 */
import { spawn } from 'node:child_process'
import { Buffer } from 'node:buffer'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { ACTION_IDS, DEFAULT_UPLOAD_BLOCK_SIZE, createClient, hmacV2 } from '../src/index.ts'
import { createFakeOnOffice } from '../src/testing/index.ts'
import type { BenchReport } from './run.ts'

const MiB = 1024 * 1024
const MEMORY_BYTES = 64 * MiB
const WALL_BYTES = 16 * MiB
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

interface ChildReport {
  blockSize: number
  blocks: number
  bytes: number
  fileId: number
  hash: number
  peakRssMiB: number
  peakHeapMiB: number
  peakLiveMiB: number
}

function fnv(bytes: Uint8Array): number {
  let h = 0x811c9dc5
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193)
  return h >>> 0
}

async function memoryRun(nodeArgs: string[] = []): Promise<ChildReport> {
  const fake = createFakeOnOffice({ maxFileBytes: 128 * MiB })
  const user = fake.addApiUser()
  const server = serve({ fetch: fake.app.fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const { port } = server.address() as AddressInfo
  try {
    const child = spawn(
      process.execPath,
      [
        ...nodeArgs,
        '--expose-gc',
        '--import',
        'tsx',
        fileURLToPath(new URL('./fixtures/upload-memory-child.ts', import.meta.url)),
      ],
      {
        env: {
          ...process.env,
          ENDPOINT: `http://127.0.0.1:${port}/api/stable/api.php`,
          TOKEN: user.token,
          SECRET: user.secret,
          UPLOAD_BYTES: String(MEMORY_BYTES),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    if (code !== 0) throw new Error(`upload memory child exited with ${code}`)
    const report = JSON.parse(out.trim().split('\n').at(-1)!) as ChildReport
    const stored = fake.files.get(report.fileId)
    if (
      !stored?.content ||
      stored.content.length !== MEMORY_BYTES ||
      fnv(stored.content) !== report.hash
    )
      throw new Error('the stored file is not the streamed bytes')
    return report
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
}

async function wallRun(): Promise<{ kitMs: number; plainMs: number; blocks: number }> {
  const fake = createFakeOnOffice({ maxFileBytes: 64 * MiB })
  const data = new Uint8Array(WALL_BYTES)
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24
  const kit: number[] = []
  const plain: number[] = []
  let blocks = 0
  for (let round = 0; round < 5; round++) {
    fake.reset()
    const user = fake.addApiUser()
    const client = createClient({ ...user, endpoint: fake.endpoint, fetch: fake.fetch })
    let t = performance.now()
    blocks = (
      await client.files.upload({
        module: 'estate',
        relatedRecordId: 1,
        file: 'wall.bin',
        Art: 'Dokument',
        data,
      })
    ).blocks
    kit.push(performance.now() - t)

    fake.reset()
    const other = fake.addApiUser()
    t = performance.now()
    const timestamp = Math.floor(Date.now() / 1000)
    const hmac = await hmacV2(other.token, other.secret, timestamp, 'uploadfile', ACTION_IDS.do)
    const body = JSON.stringify({
      token: other.token,
      request: {
        actions: [
          {
            actionid: ACTION_IDS.do,
            resourceid: '',
            resourcetype: 'uploadfile',
            identifier: '',
            timestamp,
            hmac,
            hmac_version: 2,
            parameters: { data: Buffer.from(data).toString('base64') },
          },
        ],
      },
    })
    const res = await fake.fetch(fake.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    const json = (await res.json()) as {
      response: { results: Array<{ status: { errorcode: number } }> }
    }
    if (json.response.results[0]?.status.errorcode !== 0) throw new Error('baseline upload failed')
    plain.push(performance.now() - t)
  }
  return { kitMs: median(kit), plainMs: median(plain), blocks }
}

export default async (): Promise<BenchReport> => {
  const memory = await memoryRun()
  const wall = await wallRun()
  const target = (3 * DEFAULT_UPLOAD_BLOCK_SIZE) / MiB + 8
  const ratio = +(wall.kitMs / wall.plainMs).toFixed(2)
  return {
    title: 'file upload (streamed, chunked)',
    rows: [
      {
        case: `64 MiB stream, blockSize ${DEFAULT_UPLOAD_BLOCK_SIZE / MiB} MiB (child process)`,
        blocks: memory.blocks,
        peakLiveMiB: memory.peakLiveMiB,
        peakRssMiB: memory.peakRssMiB,
        target: `≤ ${target} MiB`,
      },
      {
        case: '16 MiB via files.upload (in-process fake)',
        blocks: wall.blocks,
        wallMs: +wall.kitMs.toFixed(1),
        ratio,
      },
      {
        case: '16 MiB, one plain fetch (baseline)',
        blocks: 1,
        wallMs: +wall.plainMs.toFixed(1),
        ratio: 1,
      },
    ],
    results: {
      uploadBlockSizeMiB: DEFAULT_UPLOAD_BLOCK_SIZE / MiB,
      uploadPeakMemoryMiB: memory.peakLiveMiB,
      uploadPeakRssMiB: memory.peakRssMiB,
      uploadPeakMemoryTargetMiB: target,
      uploadWallRatio: ratio,
    },
  }
}
