export { kvContract, type KvContractCase, type KvContractOptions } from './kv-contract.ts'
export { createFakeOnOffice, DEMO_CUSTOMER } from './fake/index.ts'
export type {
  ClaimOwner,
  FakeAddress,
  FakeAgentsLogEntry,
  FakeAppointment,
  FakeBasicSettings,
  FakeContact,
  FakeCredentials,
  FakeEstate,
  FakeMultiselectValue,
  FakeOnOffice,
  FakeOnOfficeOptions,
  FakeRegion,
  FakeRelation,
  FakeRights,
  FakeSearchCriterion,
  FakeTask,
  FakeTransaction,
  FakeUser,
  Fault,
  FaultOptions,
  ReceivedAction,
  ReceivedActionFilter,
  ReceivedRequest,
  TransactionKind,
  TransactionStatus,
} from './fake/index.ts'
export { signLaunchUrl, type SignLaunchUrlOptions } from './sign-launch-url.ts'
export { ERROR_CODES, type ErrorCodeEntry } from './error-codes.ts'
export { createSimulator } from './simulator/index.ts'
export type {
  ActivationStart,
  LaunchResult,
  MessageResult,
  PaymentDialog,
  PaymentOutcome,
  PaymentResultBody,
  Purchase,
  PurchaseStatus,
  ServiceAction,
  Simulator,
  SimulatorCustomer,
  SimulatorOptions,
  WebhookResult,
} from './simulator/index.ts'
