// npx tsx examples/existing-app/server.ts
import { fileKv, serve } from 'onoffice-kit/node'
import { createExistingApp } from './app.ts'

const env = (name: string): string => {
  const value = process.env[name]
  if (!value) throw new Error(`set ${name} (see examples/existing-app/README.md)`)
  return value
}
const kv = fileKv(process.env.DATA_FILE ?? './data/onoffice.sqlite')
const app = createExistingApp({
  apiToken: env('API_TOKEN'),
  onoffice: {
    publicUrl: env('PUBLIC_URL'),
    providerSecret: env('PROVIDER_SECRET'),
    sessionSecret: env('SESSION_SECRET'),
    encryptionKey: env('ENCRYPTION_KEY'),
    kv,
    ...(process.env.ONOFFICE_ENDPOINT ? { endpoint: process.env.ONOFFICE_ENDPOINT } : {}),
  },
})
const server = await serve(app, {
  port: Number(process.env.PORT ?? 3000),
  hostname: process.env.HOST ?? '127.0.0.1',
  onShutdown: () => kv.close(),
})
console.log(`listening on ${server.url}`)
