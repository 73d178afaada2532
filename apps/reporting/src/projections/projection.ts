import type { IntegrationEnvelope } from '@cp/contracts';
import type { Sql } from '@cp/event-store';

/** Table name as the projection should write it: the live table, or its shadow during a rebuild. */
export type TableName = (table: string) => string;

export const LIVE: TableName = (t) => t;

/**
 * A read model of reporting. `applyBatch` must be idempotent per event (a redelivered or replayed event
 * changes nothing), because a rebuild and the live consumer may both apply the events around a swap.
 */
export interface Projection {
  readonly name: string;
  /** The tables it owns, in the order they are created. */
  readonly tables: readonly string[];
  readonly topics: readonly string[];
  applyBatch(envelopes: readonly IntegrationEnvelope[], sql: Sql, table: TableName): Promise<void>;
}
