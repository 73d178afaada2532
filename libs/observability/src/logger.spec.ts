import { Writable } from 'node:stream';
import { REDACTED_KEYS, createLogger, redactDeep } from './logger';

describe('redaction of logged objects', () => {
  it('replaces personal fields at any depth, in arrays too', () => {
    const logged = redactDeep({
      caseId: 'c-1',
      envelope: { event: { steps: [{ deep: { deeper: { notes: 'Bố say rượu đánh con', ok: 1 } } }] } },
      children: [{ childRef: 'r-1', name: 'Nguyễn Thị Lan', ageYears: 9 }],
      meeting: { participants: [{ name: 'Trần Văn Bình', role: 'parent' }] },
    });
    expect(JSON.stringify(logged)).not.toMatch(/rượu|Lan|Bình/);
    expect(logged).toMatchObject({
      caseId: 'c-1',
      envelope: { event: { steps: [{ deep: { deeper: { notes: '[redacted]', ok: 1 } } }] } },
      children: [{ childRef: 'r-1', name: '[redacted]', ageYears: 9 }],
      meeting: { participants: '[redacted]' },
    });
  });

  it('keeps an error’s name and message, and cuts cycles and excessive depth', () => {
    const cyclic: Record<string, unknown> = { id: 1 };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { summary: 'x' };
    for (let i = 0; i < 20; i++) deep = { next: deep };
    const logged = redactDeep({
      err: { name: 'QueryFailedError', message: 'timeout', note: 'y' },
      cyclic,
      deep,
    });
    expect(logged).toMatchObject({
      err: { name: 'QueryFailedError', message: 'timeout', note: '[redacted]' },
      cyclic: { id: 1, self: '[circular]' },
    });
    expect(JSON.stringify(logged)).toContain('[too deep]');
  });

  it('applies to every line the services write', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    createLogger('spec', 'info', sink).info(
      { contact: { reporter: { phone: '0912345678' } }, search: { q: 'Nguyễn Lan' }, caseId: 'c-9' },
      'recorded',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/0912345678|Nguyễn Lan/);
    expect(JSON.parse(lines[0])).toMatchObject({
      caseId: 'c-9',
      msg: 'recorded',
      contact: { reporter: '[redacted]' },
    });
  });

  it('lists the free texts of a case and the identities of people', () => {
    for (const k of [
      'summary',
      'minutes',
      'placementNote',
      'name',
      'phone',
      'address',
      'notes',
      'reference',
    ]) {
      expect(REDACTED_KEYS.has(k)).toBe(true);
    }
  });
});
