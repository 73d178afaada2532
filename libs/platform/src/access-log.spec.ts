import { AdminUnits } from '@cp/admin-units';
import type { AuthUser } from '@cp/auth';
import { TOPICS, type IntegrationEnvelope, type RecordAccessedV1 } from '@cp/contracts';
import { EventStore } from '@cp/event-store';
import { AccessLog, accessMessage, fieldGroups } from './access-log';
import type { ServiceConfig } from './config';
import type { MessagingLifecycle } from './messaging.lifecycle';

const CASE = '6f1d2c3b-1111-4222-8333-444455556666';
const inspector: AuthUser = {
  sub: 'insp-1',
  name: 'Nguyễn Văn A',
  roles: ['inspector'],
  units: ['VN', '01'],
};
const worker: AuthUser = { sub: 'w-1', name: 'Trần Thị B', roles: ['commune_worker'], units: ['00004'] };

function setup(query: (text: string, values: unknown[]) => Promise<unknown>) {
  // The real outbox write of the event store, over a fake connection.
  const store = { sql: { query }, notifyOutboxWritten: jest.fn(), enqueue: EventStore.prototype.enqueue };
  const messaging = { producesTo: jest.fn() };
  const log = new AccessLog(
    { service: 'casework' } as ServiceConfig,
    store as unknown as EventStore,
    messaging as unknown as MessagingLifecycle,
    AdminUnits.load(),
  );
  return { log, store, messaging };
}

describe('a read of a child’s record', () => {
  it('becomes a RecordAccessed message keyed by the record, with the reader as actor and no personal data', () => {
    const m = accessMessage(
      'casework',
      worker,
      {
        recordKind: 'case',
        recordId: CASE,
        caseId: CASE,
        view: 'state_at',
        fields: ['status', 'children', 'status'],
        asAt: '2026-11-23T10:00:00.000Z',
        version: 3,
      },
      '00004',
      new Date('2026-11-24T08:00:00.000Z'),
    );
    const env = m.payload as IntegrationEnvelope<'RecordAccessed', RecordAccessedV1>;
    expect(m).toMatchObject({ topic: TOPICS.caseworkAuditAccess, key: CASE, eventId: env.data.accessId });
    expect(env).toMatchObject({
      type: 'RecordAccessed',
      producer: 'casework',
      aggregateId: CASE,
      aggregateVersion: 3,
      occurredAt: '2026-11-24T08:00:00.000Z',
      actor: { id: 'w-1', roles: ['commune_worker'], unit: '00004' },
      data: {
        recordKind: 'case',
        recordId: CASE,
        caseId: CASE,
        view: 'state_at',
        fields: ['status', 'children'],
        asAt: '2026-11-23T10:00:00.000Z',
        at: '2026-11-24T08:00:00.000Z',
      },
    });
    expect(JSON.stringify(m)).not.toContain('Trần');
  });

  it('is written to the outbox in one statement, then wakes the relay; the reader acts for the unit that covers the case', async () => {
    const calls: unknown[][] = [];
    const { log, store } = setup((text, values) => {
      calls.push([text, values]);
      return Promise.resolve([]);
    });
    await log.recordReads(inspector, [
      { recordKind: 'case', recordId: CASE, caseId: CASE, view: 'state', fields: [], communes: ['00004'] },
      { recordKind: 'case', recordId: CASE, caseId: CASE, view: 'history', fields: ['history'] },
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0][0]).toContain('INSERT INTO es_outbox');
    const payloads = ((calls[0][1] as unknown[])[3] as string[]).map(
      (p) => JSON.parse(p) as IntegrationEnvelope,
    );
    // 00004 is in province 01: the inspector acts as the province's, not as the nation's.
    expect(payloads.map((p) => p.actor.unit)).toEqual(['01', 'VN']);
    expect(store.notifyOutboxWritten).toHaveBeenCalledTimes(1);
  });

  it('fails the read when the access record cannot be written (no unlogged reads)', async () => {
    const { log, store } = setup(() => Promise.reject(new Error('database unavailable')));
    await expect(
      log.recordRead(worker, { recordKind: 'case', recordId: CASE, caseId: CASE, view: 'state', fields: [] }),
    ).rejects.toThrow('database unavailable');
    expect(store.notifyOutboxWritten).not.toHaveBeenCalled();
  });

  it('declares the service’s own access topic, the only one it may write, so the service creates it', () => {
    const { log, messaging } = setup(() => Promise.resolve([]));
    log.onModuleInit();
    expect(messaging.producesTo).toHaveBeenCalledWith('cp.casework.audit.access.v1');
  });

  it('goes to the access topic of the service that recorded it', () => {
    const read = {
      recordKind: 'contact' as const,
      recordId: CASE,
      caseId: null,
      view: 'contact',
      fields: [],
    };
    const now = new Date();
    expect(accessMessage('intake', worker, read, null, now).topic).toBe('cp.intake.audit.access.v1');
    expect(accessMessage('casework', worker, read, null, now).topic).toBe('cp.casework.audit.access.v1');
  });
});

describe('the groups of fields a view disclosed', () => {
  it('names a group when one of its properties carries content', () => {
    const view = { status: 'planning', plan: null, services: [], children: [{ sex: 'female' }], notes: '' };
    expect(
      fieldGroups(view, {
        status: ['status'],
        plan: ['plan'],
        services: ['services'],
        children: ['children'],
        notes: ['notes', 'absent'],
      }),
    ).toEqual(['status', 'children']);
  });
});
