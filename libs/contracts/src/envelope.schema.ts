import type { IntegrationEnvelope } from './envelope';

/**
 * The envelope of any message, named so that scripts/asyncapi.mjs can derive its JSON schema (a generic
 * type has none): each message of docs/api/asyncapi.json narrows its `type` and `data`.
 */
export type AnyIntegrationEnvelope = IntegrationEnvelope;
