/**
 * onoffice-kit — the framework-free core: the onOffice API client, the Marketplace protocol
 * (signed URLs, orders, service messages, session tokens) and the installation store.
 * The Hono layer lives in `onoffice-kit/hono`.
 * @module
 */
export * from './api/index.ts'
export * from './marketplace/index.ts'
export * from './store/index.ts'
export { OnOfficeConfigError, type OnOfficeErrorCode } from './core/errors.ts'
