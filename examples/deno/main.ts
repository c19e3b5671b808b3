// deno task start  (= deno serve --unstable-kv … main.ts): Deno KV holds the installation records.
import { denoKv } from 'onoffice-kit/deno-kv'
import { createApp } from './app.ts'

const env = (name: string): string => {
  const value = Deno.env.get(name)
  if (!value) throw new Error(`set ${name} (see examples/deno/README.md)`)
  return value
}
const endpoint = Deno.env.get('ONOFFICE_ENDPOINT')

// Deno.openKv() with no path: a local SQLite file in Deno's cache, or the managed KV on Deno Deploy.
const kv = await Deno.openKv(Deno.env.get('KV_PATH'))
const app = createApp({
  publicUrl: env('PUBLIC_URL'),
  providerSecret: env('PROVIDER_SECRET'),
  sessionSecret: env('SESSION_SECRET'),
  encryptionKey: env('ENCRYPTION_KEY'),
  kv: denoKv(kv),
  ...(endpoint ? { endpoint } : {}),
})

export default { fetch: app.fetch } satisfies Deno.ServeDefaultExport
