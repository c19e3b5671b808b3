import { SERVER_MESSAGES } from './messages.ts'

/** The server message for `code` with each `%s` replaced by the next argument (empty if none); 999's for an unknown code. */
export function messageFor(code: number, ...args: string[]): string {
  const template = SERVER_MESSAGES[code] ?? SERVER_MESSAGES[999]!
  let i = 0
  return template.replace(/%s/g, () => args[i++] ?? '')
}
