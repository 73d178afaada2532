import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { IntegrationEnvelope } from '@cp/contracts';

/**
 * Envelope encryption of what the topics of record carry (event-sourcing rule 11). The events of a case
 * or a contact carry no names, but they do carry what happened to a child — the forms of abuse, the
 * special-circumstance groups, an emergency measure, a separation, a level, a closure's reason — next to
 * a child reference, a commune and dates. Anyone who copies a topic, or a backup of the broker, must learn
 * nothing of it. So on these topics the event's type, actor and data travel encrypted (AES-256-GCM) under
 * the topic's key; what stays readable is what the broker and the integrity checks need: ids, versions,
 * the time, the producer and the chain's hashes.
 *
 * Each topic has a key ring (`kid:base64` pairs): the first key seals, every key opens, so a topic key is
 * rotated by putting a new key first and keeping the old one until the topic's retention no longer holds
 * messages sealed with it (topics of record keep everything: keep every key that ever sealed). The
 * producer holds its topic's ring to seal; each consumer holds the rings of the topics it reads.
 */
export interface SealedPayloadV1 {
  alg: 'A256GCM';
  kid: string;
  iv: string;
  /** Ciphertext of `{ type, actor, data }` followed by the 16-byte tag, base64. */
  ct: string;
}

/** The envelope as it travels on a sealed topic. */
export type SealedEnvelope = Omit<IntegrationEnvelope, 'type' | 'actor' | 'data'> & {
  type: 'Sealed';
  actor?: undefined;
  data?: undefined;
  sealed: SealedPayloadV1;
};

export interface TopicKeyRing {
  /** Keys by id; the first seals. */
  keys: Array<{ kid: string; key: Buffer }>;
}

export class PayloadSealError extends Error {}

export class PayloadSeal {
  private readonly rings = new Map<string, { active: string; keys: Map<string, KeyObject> }>();

  /** `rings`: by topic of record (its name without any test prefix). */
  constructor(rings: Record<string, TopicKeyRing>) {
    for (const [topic, ring] of Object.entries(rings)) {
      if (ring.keys.length === 0) throw new PayloadSealError(`topic ${topic}: at least one key is needed`);
      this.rings.set(topic, {
        active: ring.keys[0].kid,
        keys: new Map(ring.keys.map((k) => [k.kid, createSecretKey(k.key)])),
      });
    }
  }

  /** Whether this process holds the key ring of a topic. */
  has(topic: string): boolean {
    return this.rings.has(topic);
  }

  /** The envelope as it goes on `topic`: its type, actor and data sealed under the topic's active key. */
  seal(topic: string, envelope: IntegrationEnvelope): SealedEnvelope {
    const ring = this.ring(topic);
    const key = ring.keys.get(ring.active)!;
    const { type, actor, data, ...clear } = envelope;
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(Buffer.from(context(topic, envelope)));
    const plain = Buffer.from(JSON.stringify({ type, actor, data }), 'utf8');
    const ct = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
    return {
      ...clear,
      type: 'Sealed',
      sealed: { alg: 'A256GCM', kid: ring.active, iv: iv.toString('base64'), ct: ct.toString('base64') },
    };
  }

  /**
   * The envelope as the producer wrote it. A message that is not sealed is returned as it is (the topic is
   * not sealed, or the message predates sealing); one that does not open — an unknown key, a moved or
   * altered ciphertext — is an error (the consumer dead-letters it).
   */
  open(topic: string, message: IntegrationEnvelope | SealedEnvelope): IntegrationEnvelope {
    if (!isSealed(message)) return message;
    const ring = this.ring(topic);
    const key = ring.keys.get(message.sealed.kid);
    if (!key)
      throw new PayloadSealError(
        `topic ${topic}: no key ${message.sealed.kid} to open message ${message.eventId}`,
      );
    const raw = Buffer.from(message.sealed.ct, 'base64');
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(message.sealed.iv, 'base64'));
    d.setAAD(Buffer.from(context(topic, message)));
    d.setAuthTag(raw.subarray(raw.length - 16));
    let inner: Pick<IntegrationEnvelope, 'type' | 'actor' | 'data'>;
    try {
      const plain = Buffer.concat([d.update(raw.subarray(0, raw.length - 16)), d.final()]);
      inner = JSON.parse(plain.toString('utf8')) as typeof inner;
    } catch {
      throw new PayloadSealError(
        `topic ${topic}: message ${message.eventId} does not open (altered or moved)`,
      );
    }
    const { sealed: _sealed, type: _type, ...clear } = message;
    return { ...clear, ...inner };
  }

  private ring(topic: string) {
    const ring = this.rings.get(topic);
    if (!ring) throw new PayloadSealError(`no key ring for topic ${topic}: its messages are sealed`);
    return ring;
  }
}

export function isSealed(message: unknown): message is SealedEnvelope {
  const m = message as { type?: unknown; sealed?: { alg?: unknown } } | null;
  return !!m && m.type === 'Sealed' && m.sealed?.alg === 'A256GCM';
}

/** What a sealed payload is bound to: its topic, its event and its place in the aggregate. */
function context(
  topic: string,
  e: Pick<IntegrationEnvelope, 'eventId' | 'aggregateId' | 'aggregateVersion'>,
) {
  return `cp-topic-payload|${topic}|${e.eventId}|${e.aggregateId}|${e.aggregateVersion}`;
}
