import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { ReferralIdentityV1, SealedReferralIdentityV1 } from '@cp/contracts';

/**
 * The child's identity travels to casework sealed for casework alone (Decree 56 Art. 26.1; event-sourcing
 * rule 11): AES-256-GCM under the referral identity key ring (`REFERRAL_IDENTITY_KEYS`), which intake and
 * casework hold and reporting does not, bound to its referral by the additional data — a sealed identity
 * moved to another referral does not open. The first key of the ring seals; every key opens.
 */
export type ReferralIdentityKeyRing = Array<{ kid: string; key: Buffer }>;

/** Published development key, accepted only with CP_DEVELOPMENT=1 (as every development key). */
export const DEV_REFERRAL_IDENTITY_KEY = createHash('sha256')
  .update('cp-development-only-referral-identity-key')
  .digest();

const aad = (referralId: string) => Buffer.from(`referral-identity|${referralId}`);

export function sealReferralIdentity(
  ring: ReferralIdentityKeyRing,
  referralId: string,
  identity: ReferralIdentityV1,
): SealedReferralIdentityV1 {
  const { kid, key } = ring[0];
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad(referralId));
  const ct = Buffer.concat([c.update(JSON.stringify(identity), 'utf8'), c.final(), c.getAuthTag()]);
  return { alg: 'A256GCM', kid, iv: iv.toString('base64'), ct: ct.toString('base64') };
}

/** The identity as intake sealed it; throws when no key of the ring opens it for this referral. */
export function openReferralIdentity(
  ring: ReferralIdentityKeyRing,
  referralId: string,
  sealed: SealedReferralIdentityV1,
): ReferralIdentityV1 {
  const k = ring.find((x) => x.kid === sealed.kid);
  if (!k || sealed.alg !== 'A256GCM') throw new Error(`referral identity: no key ${sealed.kid}`);
  const bytes = Buffer.from(sealed.ct, 'base64');
  const d = createDecipheriv('aes-256-gcm', k.key, Buffer.from(sealed.iv, 'base64'));
  d.setAAD(aad(referralId));
  d.setAuthTag(bytes.subarray(bytes.length - 16));
  const plain = Buffer.concat([d.update(bytes.subarray(0, bytes.length - 16)), d.final()]);
  return JSON.parse(plain.toString('utf8')) as ReferralIdentityV1;
}
