/**
 * The kit as a user installs it, outside this repository (`.ci/run`, after the build):
 *   1. `npm pack` → `npm install <tarball> hono` in a fresh `npm init -y` project: `npx onoffice-kit --help` (only
 *      the kit and hono installed), an import of every subpath that needs no optional peer, LICENSE in the package;
 *      then the README's Node section as written (`@deno/kv @hono/node-server`, server.ts) answers on 127.0.0.1.
 *   2. `npm install git+file://<a clone>` (the `prepare` script builds it) in another fresh project: the CLI and an import.
 * npm works from its cache where it can (`--prefer-offline`). Exits non-zero with what failed.
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const work = mkdtempSync(join(tmpdir(), 'onoffice-install-'))
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>
}
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error']

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string }
    throw new Error(
      `${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`,
    )
  }
}

function step(what: string): void {
  console.log(`-- ${what}`)
}

function freshProject(name: string): string {
  const dir = join(work, name)
  mkdirSync(dir)
  run('npm', ['init', '-y'], dir)
  run('npm', ['pkg', 'set', 'type=module'], dir)
  return dir
}

function checkInstalled(dir: string): void {
  const help = run('npx', ['--no-install', 'onoffice-kit', '--help'], dir)
  if (!/simulate/.test(help) || !/sign-url/.test(help))
    throw new Error(`onoffice-kit --help printed:\n${help}`)
  const simHelp = run('npx', ['--no-install', 'onoffice-kit', 'simulate', '--help'], dir)
  if (!/--provider/.test(simHelp))
    throw new Error(`onoffice-kit simulate --help printed:\n${simHelp}`)
  const probe = `
    const kit = await import('onoffice-kit')
    const hono = await import('onoffice-kit/hono')
    const testing = await import('onoffice-kit/testing')
    const cf = await import('onoffice-kit/cloudflare')
    for (const [name, ok] of Object.entries({ createClient: typeof kit.createClient, verifySignedUrl: typeof kit.verifySignedUrl, onOffice: typeof hono.onOffice, createFakeOnOffice: typeof testing.createFakeOnOffice, cloudflareKv: typeof cf.cloudflareKv }))
      if (ok !== 'function') throw new Error(name + ' is ' + ok)
    const fake = testing.createFakeOnOffice()
    const { token, secret } = fake.addApiUser()
    const client = kit.createClient({ token, secret, endpoint: fake.endpoint, fetch: fake.fetch })
    const { records } = await client.read('estate', { data: ['Id'] })
    if (records.length === 0) throw new Error('the fake answered no estates')
    console.log('imports ok')`
  const out = run(process.execPath, ['--input-type=module', '-e', probe], dir)
  if (!out.includes('imports ok')) throw new Error(`the import probe printed:\n${out}`)
  if (!existsSync(join(dir, 'node_modules', 'onoffice-kit', 'LICENSE')))
    throw new Error('LICENSE is missing from the installed package')
}

/** The README's Node block (`// server.ts`), run as written in the project; resolves with the URL it printed. */
async function readmeNodeServer(dir: string): Promise<void> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const block = /```ts\n(\/\/ server\.ts\n[\s\S]*?)```/.exec(readme)?.[1]
  if (!block) throw new Error('README.md has no ```ts block starting with "// server.ts"')
  writeFileSync(join(dir, 'server.ts'), block.replace('port: 3000', 'port: 0'))
  const key = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64')
  const child = spawn('npx', ['--no-install', 'tsx', 'server.ts'], {
    cwd: dir,
    env: { ...process.env, ENCRYPTION_KEY: key },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  try {
    const url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`server.ts printed no URL within 60 s:\n${output}`)),
        60_000,
      )
      const onData = (d: Buffer) => {
        output += d.toString()
        const m = /listening on (http:\/\/\S+)/.exec(output)
        if (m) {
          clearTimeout(timer)
          ok(m[1]!)
        }
      }
      child.stdout.on('data', onData)
      child.stderr.on('data', onData)
      child.once('exit', (code) => fail(new Error(`server.ts exited with ${code}:\n${output}`)))
    })
    if (!url.startsWith('http://127.0.0.1:'))
      throw new Error(`server.ts listens on ${url}, not 127.0.0.1`)
    const res = await fetch(new URL('/health', url))
    const body = await res.json()
    if (res.status !== 200 || JSON.stringify(body) !== '{"ok":true,"installed":false}')
      throw new Error(`GET /health answered ${res.status} ${JSON.stringify(body)}`)
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM')
    } catch {
      /* gone */
    }
  }
}

try {
  step('npm pack')
  const packed = JSON.parse(
    run('npm', ['pack', '--json', '--pack-destination', work], ROOT),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>
  const tarball = join(work, packed[0]!.filename)
  const files = packed[0]!.files.map((f) => f.path)
  for (const f of ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/cli.js'])
    if (!files.includes(f)) throw new Error(`the package lacks ${f}`)

  step('npm install <tarball> hono → CLI, imports')
  const fromTarball = freshProject('from-tarball')
  run('npm', ['install', ...NPM_FLAGS, tarball, `hono@${pkg.devDependencies.hono}`], fromTarball)
  checkInstalled(fromTarball)

  step(
    'README Node section: npm install @deno/kv @hono/node-server, npx tsx server.ts → GET /health on 127.0.0.1',
  )
  run(
    'npm',
    [
      'install',
      ...NPM_FLAGS,
      `@deno/kv@${pkg.devDependencies['@deno/kv']}`,
      `@hono/node-server@${pkg.devDependencies['@hono/node-server']}`,
      `tsx@${pkg.devDependencies.tsx}`,
    ],
    fromTarball,
  )
  await readmeNodeServer(fromTarball)

  step('npm install git+file://<clone> (prepare builds it) → CLI, imports')
  const clone = join(work, 'clone')
  run('git', ['clone', '--quiet', '--depth', '1', `file://${ROOT}`, clone], work)
  const fromGit = freshProject('from-git')
  run(
    'npm',
    ['install', ...NPM_FLAGS, `git+file://${clone}`, `hono@${pkg.devDependencies.hono}`],
    fromGit,
  )
  checkInstalled(fromGit)
  console.log('install checks ok')
} finally {
  rmSync(work, { recursive: true, force: true })
}
