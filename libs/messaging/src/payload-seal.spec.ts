import { randomBytes, randomUUID } from 'node:crypto';
import type { IntegrationEnvelope } from '@cp/contracts';
import { PayloadSeal, PayloadSealError, isSealed } from './payload-seal';

const topic = 'cp.casework.cases.v1';
const k2026 = { kid: 'k2026', key: randomBytes(32) };
const k2025 = { kid: 'k2025', key: randomBytes(32) };

function envelope(over: Partial<IntegrationEnvelope> = {}): IntegrationEnvelope {
  return {
    eventId: randomUUID(),
    type: 'TemporarySeparationDecided',
    schemaVersion: 1,
    aggregateId: randomUUID(),
    aggregateVersion: 4,
    occurredAt: '2026-12-07T01:00:00.000Z',
    producer: 'casework',
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: 'chair-00004', roles: ['commune_chair'], unit: '00004' },
    data: {
      communeCode: '00004',
      concerns: ['sexual_abuse'],
      children: [{ childRef: 'r-1', sex: 'female', ageYears: 9 }],
    },
    integrity: { streamId: 'case-x', streamVersion: 4, hash: 'a'.repeat(64), prevHash: 'b'.repeat(64) },
    ...over,
  };
}

describe('sealed topic payloads', () => {
  it('carries nothing but ids, versions, time, producer and hashes in clear, and opens to the same envelope', () => {
    const seal = new PayloadSeal({ [topic]: { keys: [k2026] } });
    const e = envelope();
    const sealed = seal.seal(topic, e);
    const wire = JSON.stringify(sealed);
    for (const secret of [
      'TemporarySeparationDecided',
      'sexual_abuse',
      'female',
      'chair-00004',
      'commune_chair',
      '00004',
    ]) {
      expect({ secret, inClear: wire.includes(secret) }).toEqual({ secret, inClear: false });
    }
    expect(isSealed(JSON.parse(wire))).toBe(true);
    expect(sealed).toMatchObject({
      eventId: e.eventId,
      aggregateVersion: 4,
      producer: 'casework',
      integrity: e.integrity,
    });
    expect(seal.open(topic, JSON.parse(wire))).toEqual(e);
  });

  it('opens what an older key sealed after a rotation, and seals with the new one', () => {
    const before = new PayloadSeal({ [topic]: { keys: [k2025] } });
    const after = new PayloadSeal({ [topic]: { keys: [k2026, k2025] } });
    const e = envelope();
    expect(after.open(topic, before.seal(topic, e))).toEqual(e);
    expect(after.seal(topic, e).sealed.kid).toBe('k2026');
  });

  it('refuses a message moved to another event or topic, altered, or sealed with a key it does not hold', () => {
    const seal = new PayloadSeal({ [topic]: { keys: [k2026] }, 'cp.intake.contacts.v1': { keys: [k2026] } });
    const sealed = seal.seal(topic, envelope());
    expect(() => seal.open(topic, { ...sealed, eventId: randomUUID() })).toThrow(PayloadSealError);
    expect(() => seal.open(topic, { ...sealed, aggregateVersion: 5 })).toThrow(PayloadSealError);
    expect(() => seal.open('cp.intake.contacts.v1', sealed)).toThrow(PayloadSealError);
    const ct = Buffer.from(sealed.sealed.ct, 'base64');
    ct[0] ^= 1;
    expect(() =>
      seal.open(topic, { ...sealed, sealed: { ...sealed.sealed, ct: ct.toString('base64') } }),
    ).toThrow(/does not open/);
    const stranger = new PayloadSeal({ [topic]: { keys: [{ kid: 'k2026', key: randomBytes(32) }] } });
    expect(() => stranger.open(topic, sealed)).toThrow(/does not open/);
    expect(() => new PayloadSeal({ [topic]: { keys: [k2025] } }).open(topic, sealed)).toThrow(/no key k2026/);
  });

  it('takes a message that is not sealed as it is, and refuses to seal a topic it holds no ring for', () => {
    const seal = new PayloadSeal({ [topic]: { keys: [k2026] } });
    const plain = envelope({ type: 'RecordAccessed' });
    expect(seal.open('cp.casework.audit.access.v1', plain)).toBe(plain);
    expect(() => seal.seal('cp.intake.contacts.v1', plain)).toThrow(/no key ring/);
  });
});
