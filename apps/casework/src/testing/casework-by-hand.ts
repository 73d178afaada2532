import { AdminUnits } from '@cp/admin-units';
import type { IntegrationEnvelope } from '@cp/contracts';
import type { EventStore, Sql } from '@cp/event-store';
import type { MessagingLifecycle } from '@cp/platform';
import { IntakeConsumer } from '../integration/intake-consumer';
import { CaseAccess } from '../read/case-access';
import { CaseReader } from '../read/case-reader';
import { CaseWriter } from '../write/case-writer';
import type { DeadlineRulesSource } from '../write/deadline-rules';

/**
 * The write path, the read path and intake's consumer wired by hand on one event store, as the
 * integration specs use them (Kafka is not part of those specs: outbox rows are written, nobody relays them).
 */
export function caseworkByHand(store: EventStore, rules: DeadlineRulesSource) {
  const units = AdminUnits.load();
  const access = new CaseAccess(store, units);
  const writer = new CaseWriter(store, units, access, rules);
  const reader = new CaseReader(store, access);
  const consumer = new IntakeConsumer(store, units, {} as MessagingLifecycle, writer, rules);
  const intake = consumer as unknown as { onIntakeEvent(e: IntegrationEnvelope, sql: Sql): Promise<void> };
  return {
    writer,
    reader,
    openDirect: writer.openDirect.bind(writer),
    step: writer.step.bind(writer),
    get: reader.get.bind(reader),
    read: reader.read.bind(reader),
    list: reader.list.bind(reader),
    history: reader.history.bind(reader),
    identity: reader.identity.bind(reader),
    rebuildIndex: reader.rebuildIndex.bind(reader),
    onIntakeEvent: (env: IntegrationEnvelope, sql: Sql) => intake.onIntakeEvent(env, sql),
  };
}

export type CaseworkByHand = ReturnType<typeof caseworkByHand>;
