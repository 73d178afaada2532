import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * The Ed25519 keys that sign checkpoints (event-sourcing rule 10, docs/audit-integrity.md). Each
 * producing service signs with its own private key (`CHECKPOINT_SIGNING_KEY`); whoever holds the public
 * key — reporting, an inspector — can tell that a checkpoint came from that service and was not changed,
 * which a digest alone cannot show: anyone can compute a digest.
 */

/** DER prefixes of an Ed25519 key: PKCS#8 private key + 32-byte seed, SubjectPublicKeyInfo + 32-byte key. */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface CheckpointKey {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** What a checkpoint's signature covers: its digest, which covers everything else, behind a label of its own. */
const signed = (digest: string): Buffer => Buffer.from(`cp.checkpoint.v1\n${digest}`, 'utf8');

/** The 32 bytes of an Ed25519 public key. */
export function rawPublicKey(publicKey: KeyObject): Buffer {
  return publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

/** A short, stable name of a public key: the first 16 hex digits of the SHA-256 of its 32 bytes. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(rawPublicKey(publicKey)).digest('hex').slice(0, 16);
}

/** The public key as published: PEM, base64 of its 32 bytes, and its key id. */
export function describePublicKey(publicKey: KeyObject): { keyId: string; pem: string; raw: string } {
  return {
    keyId: keyIdOf(publicKey),
    pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    raw: rawPublicKey(publicKey).toString('base64'),
  };
}

function checkpointKey(privateKey: KeyObject): CheckpointKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  return { keyId: keyIdOf(publicKey), privateKey, publicKey };
}

/**
 * The development key of a producer: derived from a published seed, so anyone can sign as it. Only
 * development mode accepts it (`parseServiceConfig` refuses it otherwise, and reporting refuses its public
 * key outside development mode).
 */
export function developmentCheckpointKey(producer: string): CheckpointKey {
  const seed = createHash('sha256').update(`cp-development-only-checkpoint-key|${producer}`).digest();
  return checkpointKey(
    createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' }),
  );
}

/**
 * A private key as configured: PEM (`-----BEGIN PRIVATE KEY-----`, e.g. `openssl genpkey -algorithm
 * ed25519`), or base64 of its PKCS#8 DER, or base64 of the 32-byte seed. Throws when it is not Ed25519.
 */
export function parseCheckpointSigningKey(text: string): CheckpointKey {
  const t = text.trim();
  if (t.includes('BEGIN')) return checkpointKey(createPrivateKey(t.replace(/\\n/g, '\n')));
  const bytes = Buffer.from(t, 'base64');
  if (bytes.length === 32) {
    return checkpointKey(
      createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, bytes]), format: 'der', type: 'pkcs8' }),
    );
  }
  return checkpointKey(createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' }));
}

/** A public key as configured: PEM, base64 of its SPKI DER, or base64 of its 32 bytes. */
export function parseCheckpointPublicKey(text: string): KeyObject {
  const t = text.trim();
  const key = t.includes('BEGIN')
    ? createPublicKey(t.replace(/\\n/g, '\n'))
    : (() => {
        const bytes = Buffer.from(t, 'base64');
        const der = bytes.length === 32 ? Buffer.concat([SPKI_PREFIX, bytes]) : bytes;
        return createPublicKey({ key: der, format: 'der', type: 'spki' });
      })();
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 public key');
  return key;
}

export function signCheckpoint(digest: string, key: CheckpointKey): { keyId: string; signature: string } {
  return { keyId: key.keyId, signature: sign(null, signed(digest), key.privateKey).toString('base64') };
}

/** Whether `signature` is the signature of `digest` by `publicKey` (false for anything malformed). */
export function checkpointSignatureVerifies(
  digest: string,
  signature: string | undefined | null,
  publicKey: KeyObject,
): boolean {
  if (!signature) return false;
  try {
    return verify(null, signed(digest), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
