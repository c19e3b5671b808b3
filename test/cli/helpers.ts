import { runCli } from '../../src/cli/index.ts'

/** Runs the CLI in-process and captures its output. */
export async function run(
  argv: string[],
  env: Record<string, string | undefined> = {},
  signal?: AbortSignal,
): Promise<{ code: number; out: string; err: string; lines: string[] }> {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
    ...(signal ? { signal } : {}),
  })
  return { code, out: out.join('\n'), err: err.join('\n'), lines: out }
}
