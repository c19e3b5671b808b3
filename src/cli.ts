#!/usr/bin/env node
/**
 * `onoffice-kit` — simulate, sign-url, verify-url, webhook, check-credentials, codegen, rewrap. The commands live in src/cli/ (testable);
 * this entry only wires them to the process. Dev: `npx tsx src/cli.ts <command> …`.
 */
import { runCli } from './cli/main.ts'

process.exitCode = await runCli(process.argv.slice(2))
