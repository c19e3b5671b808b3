/**
 * `npm run dev` (for now): the fake onOffice API on 127.0.0.1 with a ready-made, unlocked demo
 * activation. A later issue replaces this with the full dev server.
 */
import { serve } from '@hono/node-server'
import { ACTION_IDS } from '../src/api/actions.ts'
import { hmacV2 } from '../src/api/hmac.ts'
import { createFakeOnOffice, DEMO_CUSTOMER } from '../src/testing/index.ts'

const port = Number(process.env.PORT ?? 8787)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got ${JSON.stringify(process.env.PORT)}`)
  process.exit(1)
}
const origin = `http://127.0.0.1:${port}`
const fake = createFakeOnOffice({ origin })

// Walk the real activation: the admin's API key goes into unlockProvider with the activation claim.
const activation = await fake.startActivation({ customerWebId: DEMO_CUSTOMER, customerName: 'Muster Immobilien GmbH & Co. KG', userId: '17' })
const timestamp = Math.floor(Date.now() / 1000)
const unlock = await fake.fetch(fake.endpoint, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({
    token: activation.apiToken,
    request: {
      actions: [
        {
          actionid: ACTION_IDS.do,
          resourceid: '',
          resourcetype: 'unlockProvider',
          identifier: '',
          timestamp,
          hmac: await hmacV2(activation.apiToken, activation.apiKey, timestamp, 'unlockProvider', ACTION_IDS.do),
          hmac_version: 2,
          parameters: { extendedclaim: activation.apiClaim, parameterCacheId: activation.parameterCacheId },
        },
      ],
    },
  }),
})
const unlocked = ((await unlock.json()) as { status: { errorcode: number } }).status.errorcode === 0
const serviceClaim = fake.issueClaim(DEMO_CUSTOMER, '17')
const provider = fake.addProviderUser()

const server = serve({ fetch: fake.app.fetch, hostname: '127.0.0.1', port }, (info) => {
  const base = `http://127.0.0.1:${info.port}`
  console.log(`fake onOffice API (onoffice-kit/testing) listening on ${base}
  endpoints:   POST ${base}/api/stable/api.php   POST ${base}/api/latest/api.php
  serves:      estate (read/modify, ${fake.estates.size} demo estates, id 1+2 DEU+ENG), address, user, userphoto,
               basicsettings, fields, unlockProvider, getMarketplaceInvoiceRecipient, marketplaceCancelAbo,
               transactionRefund, subsequentPaymentLink

  demo activation (${unlocked ? 'unlocked' : 'NOT unlocked'}):
    customerWebId  ${DEMO_CUSTOMER}
    apiToken       ${activation.apiToken}
    apiKey         ${activation.apiKey}
    apiClaim       ${serviceClaim}   (service claim for userId 17 → parameters.extendedclaim)
  provider user (refund, payment link):
    token          ${provider.token}
    secret         ${provider.secret}

  These are throwaway credentials of this local fake. Ctrl-C to stop.`)
})

server.on('error', (err: NodeJS.ErrnoException) => {
  console.error(err.code === 'EADDRINUSE' ? `port ${port} is in use; set PORT to another one` : err)
  process.exit(1)
})

let stopping = false
const stop = () => {
  if (stopping) process.exit(1)
  stopping = true
  console.log('\nstopping fake onOffice …')
  fake.faults.clear()
  server.close(() => process.exit(0))
  // Keep-alive sockets would hold close() open.
  ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
