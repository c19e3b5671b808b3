// Real database servers from apt for the integration tests and the store bench: each binds 127.0.0.1 on a free
// port, keeps its data in a temporary directory, and is gone after stop(). A missing server binary fails loudly
// with the apt package to install — nothing is skipped.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A running server: its URL and how to stop it. */
export interface RunningServer {
  url: string
  stop(): Promise<void>
}

/** A free TCP port on 127.0.0.1 (bound and released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

/** Waits until `child` prints `ready`; rejects when it exits first or after `timeoutMs`. */
function waitFor(
  child: ChildProcess,
  ready: RegExp,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what} was not ready within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    )
    const onData = (d: Buffer) => {
      output += d.toString()
      if (ready.test(output)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${what} exited with code ${code} before it was ready:\n${output}`))
    })
  })
}

/** redis-server without persistence (`apt-get install -y redis-server`). */
export async function startRedis(): Promise<RunningServer> {
  const port = await freePort()
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  try {
    await waitFor(child, /ready to accept connections/i, 'redis-server')
  } catch (error) {
    child.kill('SIGKILL')
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('redis-server is not installed: apt-get install -y redis-server')
    throw error
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}

/** The newest PostgreSQL of Debian's `postgresql` package: /usr/lib/postgresql/<version>/bin. */
async function postgresBin(): Promise<string> {
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[])
  const newest = versions.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))[0]
  if (!newest)
    throw new Error(
      'PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin): apt-get install -y postgresql',
    )
  return `/usr/lib/postgresql/${newest}/bin`
}

// PostgreSQL refuses to run as root. As root (CI containers, this machine), the server runs as the `postgres`
// system user the Debian package creates (created here if missing); otherwise as the current user.
function serverUser(): {
  uid: number
  gid: number
  wrap: (cmd: string, args: string[]) => [string, string[]]
} | null {
  if (process.getuid?.() !== 0) return null
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
  try {
    id('-u')
  } catch {
    execFileSync('useradd', [
      '--system',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ])
  }
  const uid = id('-u')
  const gid = id('-g')
  return {
    uid,
    gid,
    wrap: (cmd, args) => [
      'setpriv',
      [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', cmd, ...args],
    ],
  }
}

/**
 * A throwaway PostgreSQL server: `initdb` into a temporary directory (trust auth for 127.0.0.1, user `kit`), then
 * the `postgres` server in the foreground on 127.0.0.1:<free port>, its socket in the same directory. stop() ends
 * it (SIGINT = fast shutdown) and removes the directory.
 */
export async function startPostgres(): Promise<RunningServer> {
  const bin = await postgresBin()
  const user = serverUser()
  const run = (cmd: string, args: string[]): [string, string[]] =>
    user ? user.wrap(cmd, args) : [cmd, args]
  const dir = await mkdtemp(join(tmpdir(), 'onoffice-kit-pg-'))
  const data = join(dir, 'data')
  if (user) await chown(dir, user.uid, user.gid)
  const [initCmd, initArgs] = run(`${bin}/initdb`, [
    '-D',
    data,
    '-U',
    'kit',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ])
  execFileSync(initCmd, initArgs, { stdio: 'pipe' })
  const port = await freePort()
  const [cmd, args] = run(`${bin}/postgres`, [
    '-D',
    data,
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'fsync=off',
    '-c',
    'max_connections=100',
  ])
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  try {
    await waitFor(child, /database system is ready to accept connections/, 'postgres')
  } catch (error) {
    child.kill('SIGKILL')
    await rm(dir, { recursive: true, force: true })
    throw error
  }
  return {
    url: `postgres://kit@127.0.0.1:${port}/postgres`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGINT')
        await exited
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}
