/** The `onoffice-kit` command line as testable functions; `src/cli.ts` is the thin entry. */
export { runCli, MAIN_HELP } from './main.ts'
export { EXIT, UsageError, type CliIo } from './io.ts'
export { signUrlCommand, SIGN_URL_HELP } from './sign-url.ts'
export { verifyUrlCommand, VERIFY_URL_HELP } from './verify-url.ts'
export { webhookCommand, WEBHOOK_HELP } from './webhook.ts'
export { checkCredentialsCommand, CHECK_CREDENTIALS_HELP } from './check-credentials.ts'
export {
  simulateCommand,
  startSimulation,
  SIMULATE_HELP,
  type RunningSimulator,
} from './simulate.ts'
export { codegenCommand, CODEGEN_HELP } from './codegen.ts'
export { emitFieldModule, type EmitInput } from './codegen-emit.ts'
export { rewrapCommand, REWRAP_HELP } from './rewrap.ts'
