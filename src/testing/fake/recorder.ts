import type { ActionKind } from '../../api/actions.ts'
import { claimOwnerOf } from './claims.ts'
import { redact } from '../../api/envelope.ts'
import { timingSafeEqualText } from '../../core/crypto.ts'
import type { FakeState } from './state.ts'
import type {
  FakeUploadStep,
  ReceivedAction,
  ReceivedActionFilter,
  ReceivedRequest,
} from './types.ts'

export { redact }

const isRecord = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v)

/**
 * Builds the redacted record of one action; the raw claim survives only inside `claimIs`.
 * `redacted` is this action inside the already redacted request body: its parameters are reused
 * instead of redacting them a second time.
 */
export function recordAction(
  state: FakeState,
  requestIndex: number,
  index: number,
  raw: Record<string, unknown>,
  kind: ActionKind | null,
  redacted?: unknown,
): ReceivedAction {
  const params = isRecord(raw.parameters) ? raw.parameters : {}
  const redactedParams = isRecord(raw.parameters)
    ? isRecord(redacted) && isRecord(redacted.parameters)
      ? redacted.parameters
      : (redact(params) as Record<string, unknown>)
    : {}
  const claim = typeof params.extendedclaim === 'string' ? params.extendedclaim : ''
  const rid = raw.resourceid
  const upload =
    raw.resourcetype === 'uploadfile' && kind === 'do'
      ? uploadStep(state, params, redactedParams)
      : null
  return {
    requestIndex,
    index,
    kind,
    actionid: typeof raw.actionid === 'string' ? raw.actionid : '',
    resourcetype: typeof raw.resourcetype === 'string' ? raw.resourcetype : '',
    resourceid: typeof rid === 'string' || typeof rid === 'number' ? rid : null,
    identifier: typeof raw.identifier === 'string' ? raw.identifier : '',
    timestamp: raw.timestamp,
    parameters: redactedParams,
    hasClaim: claim !== '',
    claimOwner: claimOwnerOf(state, claim),
    claimIs: (candidate: string) =>
      claim !== '' && typeof candidate === 'string' && timingSafeEqualText(candidate, claim),
    status: null,
    upload,
  }
}

/**
 * What an `uploadfile` action is, and its `data` replaced in the record by its length: the recorder must not
 * hold every block of a large file.
 */
function uploadStep(
  state: FakeState,
  params: Record<string, unknown>,
  redacted: Record<string, unknown>,
): FakeUploadStep {
  const id =
    typeof params.tmpUploadId === 'string' && params.tmpUploadId !== '' ? params.tmpUploadId : null
  if (params.data === undefined) return { step: 'link', block: null, tmpUploadId: id }
  const length = typeof params.data === 'string' ? params.data.length : 0
  if (typeof params.data === 'string') redacted.data = `[base64: ${length} characters]`
  return {
    step: 'block',
    block: (id === null ? 0 : (state.uploads.get(id)?.blocks ?? 0)) + 1,
    tmpUploadId: id,
    base64Length: length,
  }
}

/** Flattened actions of `requests`, optionally filtered. */
export function flatten(
  requests: readonly ReceivedRequest[],
  filter?: ReceivedActionFilter,
): ReceivedAction[] {
  const all = requests.flatMap((r) => r.actions)
  if (!filter) return all
  if (typeof filter === 'function') return all.filter(filter)
  return all.filter(
    (a) =>
      (filter.kind === undefined || a.kind === filter.kind) &&
      (filter.resourcetype === undefined || a.resourcetype === filter.resourcetype),
  )
}
