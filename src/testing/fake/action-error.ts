import { messageFor } from './message-for.ts'

/** Thrown by resource handlers; the dispatcher turns it into a failed result with `data: []`. */
export class FakeActionError extends Error {
  readonly code: number
  constructor(code: number, ...args: string[]) {
    super(messageFor(code, ...args))
    this.name = 'FakeActionError'
    this.code = code
  }
}
