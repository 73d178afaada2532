import { createHash } from 'node:crypto';
import { GENESIS_HASH, canonicalJson, eventHash, hashedText, type HashedContent } from './hash';

describe('canonicalJson', () => {
  it('sorts object keys at every depth, including objects inside arrays', () => {
    const value = { b: 1, a: { d: [{ z: 1, y: 2 }], c: null }, ä: true, A: 'x' };
    expect(canonicalJson(value)).toBe('{"A":"x","a":{"c":null,"d":[{"y":2,"z":1}]},"b":1,"ä":true}');
  });

  it('gives the same text for the same value whatever the insertion order of the keys', () => {
    const one = { stream: 's-1', data: { name: 'An', age: 7, tags: ['x', 'y'] }, n: 1 };
    const two = { n: 1, data: { tags: ['x', 'y'], age: 7, name: 'An' }, stream: 's-1' };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
    // Stable: calling it twice gives the same output.
    expect(canonicalJson(one)).toBe(canonicalJson(one));
  });

  it('keeps array order (arrays are sequences, not sets)', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('matches what the value becomes after a JSON round trip (as when it comes back from jsonb)', () => {
    const value = {
      absent: undefined,
      list: [1, undefined, 'two'],
      when: new Date('2025-03-04T05:06:07.089Z'),
      nested: { deeper: { at: new Date('2024-01-01T00:00:00.000Z'), n: 1.5 } },
      text: 'trẻ em "quoted" \n newline',
    };
    const roundTripped = JSON.parse(JSON.stringify(value));
    expect(canonicalJson(value)).toBe(canonicalJson(roundTripped));
    expect(canonicalJson(value)).toContain('"when":"2025-03-04T05:06:07.089Z"');
  });

  it('encodes scalars and null like JSON', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
    expect(canonicalJson(0)).toBe('0');
    expect(canonicalJson(false)).toBe('false');
  });
});

describe('eventHash', () => {
  const base: HashedContent = {
    streamId: 'case-1',
    streamType: 'case',
    streamVersion: 3,
    eventId: '6f1c1a52-6a0e-4c38-9a0e-2b7a1d3f4e55',
    type: 'CaseOpened',
    schemaVersion: 1,
    data: { level: 2, child: { ageBand: '6-10' } },
    metadata: {
      actorId: 'u-1',
      roles: ['commune_worker'],
      unit: '00001',
      correlationId: 'c-1',
      causationId: null,
      commandId: 'cmd-1',
    },
    occurredAt: '2025-01-02T03:04:05.006Z',
    recordedAt: '2025-01-02T03:04:05.123Z',
    hashVersion: 2,
  };
  const prev = 'a'.repeat(64);

  it('is a 64-character hex sha-256 and deterministic', () => {
    const h = eventHash(prev, base);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash(prev, { ...base })).toBe(h);
  });

  it('does not depend on the key order of data and metadata', () => {
    const reordered: HashedContent = {
      ...base,
      data: { child: { ageBand: '6-10' }, level: 2 },
      metadata: {
        commandId: 'cmd-1',
        causationId: null,
        correlationId: 'c-1',
        unit: '00001',
        roles: ['commune_worker'],
        actorId: 'u-1',
      },
    };
    expect(eventHash(prev, reordered)).toBe(eventHash(prev, base));
  });

  it('changes when the previous hash changes', () => {
    expect(eventHash(GENESIS_HASH, base)).not.toBe(eventHash(prev, base));
  });

  const changes: Array<[keyof HashedContent, unknown]> = [
    ['streamId', 'case-2'],
    ['streamType', 'contact'],
    ['streamVersion', 4],
    ['eventId', '6f1c1a52-6a0e-4c38-9a0e-2b7a1d3f4e56'],
    ['type', 'CaseClosed'],
    ['schemaVersion', 2],
    ['data', { level: 3, child: { ageBand: '6-10' } }],
    ['data', { level: 2, child: { ageBand: '11-15' } }],
    ['metadata', { ...(base.metadata as object), actorId: 'u-2' }],
    ['metadata', { ...(base.metadata as object), unit: null }],
    ['occurredAt', '2025-01-02T03:04:05.007Z'],
    ['recordedAt', '2025-01-02T03:04:05.124Z'],
    ['hashVersion', 1],
  ];
  it.each(changes)('changes when %s changes (to %j)', (field, value) => {
    expect(eventHash(prev, { ...base, [field]: value })).not.toBe(eventHash(prev, base));
  });

  it('scheme 2 is sha256("v2\\n" + previous hash + "\\n" + recordedAt + "\\n" + canonical content)', () => {
    const text = `v2\n${prev}\n${base.recordedAt}\n${hashedText(base)}`;
    expect(eventHash(prev, base)).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('scheme 1 (events stored before) leaves recordedAt out, so it still verifies what it hashed then', () => {
    const v1 = { ...base, hashVersion: 1 as const };
    expect(eventHash(prev, v1)).toBe(
      createHash('sha256')
        .update(`${prev}\n${hashedText(base)}`)
        .digest('hex'),
    );
    expect(eventHash(prev, { ...v1, recordedAt: '2030-01-01T00:00:00.000Z' })).toBe(eventHash(prev, v1));
  });

  it('refuses a scheme it does not know', () => {
    expect(() => eventHash(prev, { ...base, hashVersion: 3 as never })).toThrow(/unknown hash version 3/);
  });
});
