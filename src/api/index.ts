export { ACTION_IDS } from './actions.ts'
export type { ActionId, ActionKind } from './actions.ts'
export { hmacV2 } from './hmac.ts'
export { createClient } from './client.ts'
export type { OnOfficeClient } from './client.ts'
export { createApi } from './api.ts'
export type { OnOfficeApi, OnOfficeClientFactory } from './api.ts'
export { createProviderClient } from './provider-client.ts'
export type { ProviderClient } from './provider-client.ts'
export {
  OnOfficeError,
  OnOfficeApiError,
  OnOfficeTransportError,
  OnOfficeResponseError,
} from './errors.ts'
export type { OnOfficeApiErrorInit, TransportErrorKind } from './errors.ts'
export {
  CLAIM_ERROR_CODES,
  INSTALLATION_DEAD_CODES,
  errorCodeInfo,
  isKnownErrorCode,
} from './error-codes.ts'
export type { ErrorCategory, ErrorCodeInfo } from './error-codes.ts'
export { DEFAULT_MAX_ACTIONS, MAX_LISTLIMIT } from './options.ts'
export type {
  ActionInput,
  ActionOptions,
  ActionResult,
  CacheMode,
  ClientOptions,
  ElementsObject,
  OnOfficeElements,
  OnOfficeRecord,
  OnOfficeRequestEvent,
  OnOfficeResponseEvent,
  Settled,
} from './types.ts'
export type { EstatesApi } from './resources/estates.ts'
export {
  DEFAULT_UPLOAD_BLOCK_SIZE,
  DOCUMENT_ARTS,
  IMAGE_ARTS,
  LINK_ARTS,
  MAX_UPLOAD_BLOCK_SIZE,
  OnOfficeUploadError,
} from './resources/files.ts'
export type {
  DocumentArt,
  EstateFile,
  EstateFileContent,
  FileArt,
  FileListOptions,
  FileModule,
  FilesApi,
  ImageArt,
  LinkArt,
  UploadFailureReason,
  UploadInput,
  UploadResult,
  UploadUrlInput,
} from './resources/files.ts'
export { DEFAULT_PICTURE_CATEGORIES, PICTURE_CATEGORIES } from './resources/pictures.ts'
export type { EstatePicture, PictureCategory, PictureOptions } from './resources/pictures.ts'
export type { AddressesApi } from './resources/addresses.ts'
export type { FieldsApi, FieldsParams } from './resources/fields.ts'
export type {
  FieldRecord,
  TypedEstatesApi,
  TypedRecord,
  ValidateOption,
  WireFields,
  WireValue,
} from './resources/estates.ts'
export { fieldConfigFromRecords } from './fields/config.ts'
export type { FieldConfig, FieldDefinition, FieldType, ModuleFieldConfig } from './fields/config.ts'
export { DEFAULT_FIELD_CACHE_TTL_SEC } from './fields/cache.ts'
export type { FieldCacheOptions } from './fields/cache.ts'
export { isCountryCode } from './fields/countries.ts'
export {
  FieldValidationError,
  normalizeRecord,
  serializeRecord,
  validateRecord,
} from './fields/values.ts'
export type { FieldIssue, FieldIssueCode, FieldValue, NormalizedRecord } from './fields/values.ts'
export type { BasicSettings, SettingsApi } from './resources/settings.ts'
export type { UsersApi } from './resources/users.ts'
export type { InvoiceRecipient, MarketplaceApi } from './resources/marketplace.ts'
export { PAGING_RULES, maxPageSize, pagingRuleOf } from './resources/paging.ts'
export type { PagingMode, PagingRule } from './resources/paging.ts'
export { CONTACT_FIELDS, contactsOf } from './resources/addresses.ts'
export type {
  AddressContactInput,
  AddressRecord,
  ContactChange,
  ContactEntry,
  ContactKind,
} from './resources/addresses.ts'
export { ESTATE_MATCH_FIELDS } from './resources/estates.ts'
export type {
  SearchCriteriaApi,
  SearchCriteriaCategory,
  SearchCriteriaField,
  SearchCriteriaQuery,
  SearchCriterion,
  SearchCriterionMeta,
  SearchMatch,
  SearchOptions,
} from './resources/search-criteria.ts'
export { RELATION_TYPES } from './resources/relations.ts'
export type {
  RelatedIds,
  RelationQuery,
  RelationType,
  RelationsApi,
} from './resources/relations.ts'
export type { TaskLinks, TaskReadParams, TaskRecord, TasksApi } from './resources/tasks.ts'
export type {
  AppointmentLinks,
  AppointmentRange,
  AppointmentRecord,
  AppointmentsApi,
} from './resources/appointments.ts'
export type {
  AgentsLogApi,
  AgentsLogEntryInput,
  AgentsLogReadParams,
  AgentsLogRecord,
} from './resources/agents-log.ts'
export type { UserFilter, UserSummary } from './resources/users.ts'
export type { Imprint, ImprintApi } from './resources/imprint.ts'
export type { Region, RegionsApi } from './resources/regions.ts'
export type {
  MultiselectApi,
  MultiselectModule,
  MultiselectValue,
} from './resources/multiselect.ts'
export type { Filter, FilterOp, ListParams, NumberedRecord, TypedResult } from './resources/list.ts'
export { CHANGE_FIELDS } from './resources/changes.ts'
export type { ChangeEvent, ChangeResource, ChangesOptions } from './resources/changes.ts'
export { cacheApi, kvCache } from './cache.ts'
export type { CacheLike, CachedValue, ResponseCache, ResponseCacheOptions } from './cache.ts'
export type { BreakerOptions } from './breaker.ts'
export type { RateLimit } from './limiter.ts'
export type { SpanLike, TracerLike } from './telemetry.ts'
