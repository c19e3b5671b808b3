/**
 * `npm run dev`: the whole local onOffice, offline, one command. The fake onOffice API + marketplace simulator
 * (this process) and `wrangler dev` serving the example Worker (examples/workers via the root wrangler.toml),
 * all on 127.0.0.1. Prints the one URL to open; Ctrl-C stops everything it started.
 * PORT (simulator, default 8787) and WORKER_PORT (default 8788) change the ports.
 */
import { startDevStack } from './dev-stack.ts'

function port(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${name} must be a port number, got ${JSON.stringify(raw)}`)
    process.exit(1)
  }
  return n
}

const started = Date.now()
let ready = false
console.log(
  'starting the local onOffice (fake API + marketplace simulator) and wrangler dev (examples/workers) …',
)
let stack: Awaited<ReturnType<typeof startDevStack>>
try {
  stack = await startDevStack({
    simulatorPort: port('PORT', 8787),
    workerPort: port('WORKER_PORT', 8788),
    // After startup, show the Worker's request log and errors.
    onWorkerLine: (line) => {
      if (ready && !/^\s*$/.test(line)) console.log(`  [worker] ${line}`)
    },
  })
} catch (err) {
  console.error(`npm run dev failed: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
ready = true
const s = ((Date.now() - started) / 1000).toFixed(1)
console.log(`
  ready in ${s} s — open:

      ${stack.url}

  That page is a local onOffice enterprise ("Muster Immobilien GmbH & Co. KG", user 17):
    1. Click "Aktivieren", copy the API key it shows into the field of the Exposé helper, tick the consent
       box, click "Jetzt freischalten" → the page says "Aktiv".
    2. Pick ENG for property 1 and click "Service öffnen": the Exposé helper shows it in English; edit the
       description and save; buy the premium exposé and subscribe to the Exposé-Abo ("Käufe und Abos" lists
       both; open the service again to refund or cancel them).
    3. "Webhook auslösen" on a property sends the Exposé helper a signed webhook and shows its answer.

  Worker (examples/workers):  ${stack.workerUrl}    fake onOffice API:  ${stack.fake.endpoint}
  Provider, session and encryption secrets are random for this run (dev only). Ctrl-C stops everything.
`)

let stopping = false
const stop = (signal: string) => {
  if (stopping) process.exit(1)
  stopping = true
  console.log(`\n${signal}: stopping wrangler dev and the simulator …`)
  stack.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    },
  )
}
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
