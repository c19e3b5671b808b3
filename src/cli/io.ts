/** Where a command writes, which environment it reads, and when a long-running command stops. */
export interface CliIo {
  /** One line of normal output. */
  out(line: string): void
  /** One line of diagnostics. */
  err(line: string): void
  /** Environment variables (secrets can come from here instead of the command line). Default `process.env`. */
  env: Record<string, string | undefined>
  /** Stops `simulate`; default: SIGINT / SIGTERM (Ctrl-C). */
  signal?: AbortSignal
}

/** Exit codes: 0 ok, 1 the check failed (bad signature, refused credentials…), 2 wrong usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

/** A wrong command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** SIGINT / SIGTERM (or `io.signal`) stop a long-running command (`rewrap` after its page in progress, `simulate`); `dispose` removes the listeners. */
export function stopSignal(io: CliIo): { signal: AbortSignal; dispose(): void } {
  if (io.signal) return { signal: io.signal, dispose: () => undefined }
  const controller = new AbortController()
  const stop = () => controller.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
    },
  }
}
