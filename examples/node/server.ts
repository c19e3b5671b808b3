// npx tsx examples/node/server.ts — the embedded file store by default, Redis when REDIS_URL is set.
import type { KeyValue } from 'onoffice-kit'
import { fileKv, serve } from 'onoffice-kit/node'
import { redisKv } from 'onoffice-kit/redis'
import { createApp } from './app.ts'

function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`set ${name} (see examples/node/README.md)`)
  return value
}

let kv: KeyValue
let close: () => Promise<void>
if (process.env.REDIS_URL) {
  const { createClient } = await import('redis')
  const client = await createClient({ url: process.env.REDIS_URL }).connect()
  kv = redisKv(client)
  close = async () => {
    await client.quit()
  }
} else {
  const file = fileKv(process.env.DATA_FILE ?? './data/onoffice.sqlite')
  kv = file
  close = async () => file.close()
}

const app = createApp({
  publicUrl: required('PUBLIC_URL'),
  providerSecret: required('PROVIDER_SECRET'),
  sessionSecret: required('SESSION_SECRET'),
  encryptionKey: required('ENCRYPTION_KEY'),
  kv,
  ...(process.env.ONOFFICE_ENDPOINT ? { endpoint: process.env.ONOFFICE_ENDPOINT } : {}),
})
const server = await serve(app, {
  port: Number(process.env.PORT ?? 3000),
  hostname: process.env.HOST ?? '127.0.0.1',
  onShutdown: close,
})
console.log(
  `onOffice service on ${server.url} (store: ${process.env.REDIS_URL ? 'redis' : 'file'})`,
)
