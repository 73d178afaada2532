import { TOPICS, type StreamCheckpointV1 } from '@cp/contracts';
import { checkpointMessage } from './checkpoint-publisher';
import { ConfigError, parseServiceConfig } from './config';

const defaults = { port: 3000, database: 'cp_test' };
/** Development mode: the shared-secret tokens and the published keys are accepted. */
const dev = { CP_DEVELOPMENT: '1' };

describe('CHECKPOINT_MS', () => {
  it('defaults to a minute, and 0 turns checkpoints off', () => {
    expect(parseServiceConfig('casework', dev, defaults).checkpointMs).toBe(60_000);
    expect(parseServiceConfig('casework', { ...dev, CHECKPOINT_MS: '0' }, defaults).checkpointMs).toBe(0);
  });

  it('refuses what is not a whole number of ms, naming the variable', () => {
    for (const bad of ['soon', '-1', '1.5']) {
      expect(() => parseServiceConfig('casework', { ...dev, CHECKPOINT_MS: bad }, defaults)).toThrow(
        ConfigError,
      );
      expect(() => parseServiceConfig('casework', { ...dev, CHECKPOINT_MS: bad }, defaults)).toThrow(
        /CHECKPOINT_MS/,
      );
    }
  });
});

describe('checkpointMessage', () => {
  it('is an integration event on the checkpoint topic, keyed by the producer so checkpoints stay in order', () => {
    const cp: StreamCheckpointV1 = {
      producer: 'intake',
      sequence: 7,
      at: '2026-03-01T00:00:00.000Z',
      heads: [{ streamId: 'contact-1', version: 2, hash: 'a'.repeat(64) }],
      previousDigest: 'b'.repeat(64),
      digest: 'c'.repeat(64),
    };
    const m = checkpointMessage(cp);
    expect(m).toMatchObject({ topic: TOPICS.integrityCheckpoints, key: 'intake' });
    expect(m.payload).toMatchObject({
      eventId: m.eventId,
      type: 'StreamCheckpoint',
      producer: 'intake',
      aggregateId: 'intake',
      aggregateVersion: 7,
      occurredAt: cp.at,
      data: cp,
    });
    expect(checkpointMessage(cp).eventId).not.toBe(m.eventId);
  });
});
