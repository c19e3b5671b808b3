/**
 * The full table of onOffice error codes: the server's message (from the fake's table) joined with the client's
 * category, retryability and hint. Here, not in `onoffice-kit`, because a client never needs the messages —
 * onOffice sends them in every response — and 288 messages would be the largest part of a Worker bundle.
 */
import { errorCodeInfo, type ErrorCodeInfo } from '../api/error-codes.ts'
import { SERVER_MESSAGES } from './fake/messages.ts'

/** One entry of {@link ERROR_CODES}: the server's message template (`%s` for a value) and what the client makes of it. */
export interface ErrorCodeEntry extends ErrorCodeInfo {
  message: string
}

/**
 * Every code of onOffice's list → message, category, retryable, hint.
 * @example
 * ```ts
 * import { ERROR_CODES } from 'onoffice-kit/testing'
 * ERROR_CODES.get(137) // { message: 'The HMAC is invalid.', category: 'auth', retryable: false, hint: '…' }
 * ```
 */
export const ERROR_CODES: ReadonlyMap<number, ErrorCodeEntry> = /* @__PURE__ */ new Map(
  Object.entries(SERVER_MESSAGES).map(([code, message]) => [
    Number(code),
    { message, ...errorCodeInfo(Number(code)) },
  ]),
)
