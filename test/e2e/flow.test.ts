// The whole provider flow in a real browser: `npm run dev`'s stack (fake onOffice + simulator in this process,
// `wrangler dev` serving examples/workers) on free 127.0.0.1 ports, Chromium driven by playwright-core.
// activate → "Aktiv"; open estate 1 in ENG → English title; edit + save → the fake got a modify with
// estatelanguage ENG and that launch's claim; buy → verified callback → the purchase is shown.
// Screenshots: test-results/e2e-*.png.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevStack, type DevStack } from '../../scripts/dev-stack.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SHOTS = 'test-results'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

let stack: DevStack | undefined
let browser: BrowserContext | undefined
let page: Page
let profile: string | undefined
const workerLines: string[] = []

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`)
  mkdirSync(SHOTS, { recursive: true })
  stack = await startDevStack({ simulatorPort: 0, workerPort: 0, persistTo: `.wrangler/onoffice-e2e-${process.pid}`, onWorkerLine: (l) => workerLines.push(l) })
  profile = mkdtempSync(join(tmpdir(), 'onoffice-e2e-chromium-'))
  // A fresh profile per run (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 }, locale: 'de-DE' }) // a German enterprise user
  page = browser.pages()[0] ?? (await browser.newPage())
  page.on('pageerror', (e) => console.error('[page error]', e.message))
})

afterAll(async () => {
  await browser?.close().catch(() => {})
  await stack?.stop()
  if (stack) rmSync(`.wrangler/onoffice-e2e-${process.pid}`, { recursive: true, force: true })
  if (profile) rmSync(profile, { recursive: true, force: true })
})

const shot = (name: string) => page.screenshot({ path: `${SHOTS}/e2e-${name}.png`, fullPage: true })

/** The provider's iframe, once it shows a document from the Worker at `path`. */
async function providerFrame(path: string): Promise<Frame> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    const frame = page.frame({ name: 'provider-frame' })
    if (frame && new URL(frame.url(), 'http://x').pathname === path && frame.url().startsWith(stack!.workerUrl)) {
      await frame.waitForLoadState('domcontentloaded')
      return frame
    }
    await page.waitForTimeout(100)
  }
  throw new Error(`the provider iframe never showed ${path}; worker log:\n${workerLines.slice(-20).join('\n')}`)
}

describe('browser: simulator → example Worker → fake onOffice', () => {
  it('activate, open in ENG, edit + save, buy', async () => {
    const s = stack!
    await page.goto(s.url)
    await page.locator('body[data-sim-ready="1"]').waitFor()
    await shot('1-simulator')

    // 1. Activation: the key onOffice shows goes into the provider's field; consent; "Jetzt freischalten".
    await page.locator('#activate').click()
    await page.waitForFunction(() => (document.getElementById('api-key')?.textContent?.trim().length ?? 0) === 64)
    const apiKey = (await page.locator('#api-key').textContent())!.trim()
    const activation = await providerFrame('/onoffice/activate')
    await activation.locator('#secret').fill(apiKey)
    await activation.locator('#oo-consent').check()
    await shot('2-activation-form')
    await activation.getByRole('button', { name: 'Jetzt freischalten' }).click()
    await page.locator('#status[data-state="active"]').waitFor({ timeout: 20_000 })
    expect(await page.locator('#status').textContent()).toBe('Aktiv')
    expect(s.fake.isActivated('12345')).toBe(true)
    await shot('3-aktiv')

    // 2. Open the service for estate 1 in English.
    const english = s.fake.estates.get(1)!.texts.ENG!
    await page.locator('#provider-close').click().catch(() => {})
    await page.locator('#language-1').selectOption('ENG')
    await page.locator('#open-service-1').click()
    const service = await providerFrame('/onoffice/service')
    await service.locator('#title').waitFor()
    expect(await service.locator('#title').textContent()).toBe(english.objekttitel)
    await shot('4-service-eng')

    // The claim of this launch, as the simulator put it into the signed URL (it never reaches the page's DOM).
    const claim = new URL(service.url()).searchParams.get('apiClaim')
    expect(claim).toBeTruthy()

    // 3. Edit the free text and save.
    s.fake.clearReceived()
    const text = `Updated from the browser test ${Date.now()}`
    await service.locator('#text').fill(text)
    await service.locator('#save').click()
    await service.locator('#save-status.ok').waitFor()
    const modify = s.fake.receivedActions({ kind: 'modify', resourcetype: 'estate' })
    expect(modify).toHaveLength(1)
    expect(modify[0]!.parameters).toMatchObject({ estatelanguage: 'ENG', data: { objektbeschreibung: text } })
    expect(modify[0]!.claimIs(claim!)).toBe(true)
    expect(s.fake.estates.get(1)!.texts.ENG!.objektbeschreibung).toBe(text)
    await shot('5-saved')

    // 4. Buy the premium exposé: signed order → payment dialog → verified callback in the iframe.
    await service.locator('#buy').click()
    await page.locator('#payment-dialog').waitFor({ state: 'visible' })
    expect(await page.locator('#payment-total').getAttribute('data-amount')).toBe('19.90')
    await shot('6-payment-dialog')
    await page.locator('#payment-buy').click()
    const paid = await providerFrame('/onoffice/service/paid')
    await paid.locator('#purchase').waitFor()
    expect(await paid.locator('#purchase').getAttribute('data-status')).toBe('success')
    const tx = await page.locator('#last-payment').getAttribute('data-transaction-id')
    expect(tx).toBeTruthy()
    expect(await paid.locator('#transaction').textContent()).toContain(tx!)
    expect(s.fake.transactions.get(tx!)?.amount).toBe('19.90')
    await shot('7-purchased')
    expect(await page.locator('#error').isVisible()).toBe(false)
  })
})
