/**
 * Drafts of the call form, kept in the browser so that nothing typed is lost (a reload, a crash, a dropped
 * connection). A draft holds a child's data and call-centre PCs are shared, so (docs/console.md):
 * - each draft is encrypted with AES-GCM (WebCrypto) under a key of the signed-in user: a non-extractable
 *   key generated in the browser and kept in IndexedDB under a digest of the user's `sub`; the draft's id and
 *   the user are bound into the ciphertext as additional data, so a record moved to another user or draft
 *   does not decrypt;
 * - only the user's own drafts are listed or opened;
 * - the user's key and drafts are deleted at sign-out;
 * - a draft expires DRAFT_TTL_MS after it was last saved and is deleted when seen (any user's).
 */

/** Policy: how long a draft may wait to be resumed (a shift and then some). */
export const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;

/** Where drafts and keys are kept (IndexedDB in the browser; a Map in tests). */
export interface VaultStorage {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

interface StoredDraft {
  owner: string;
  draftId: string;
  savedAt: number;
  expiresAt: number;
  iv: Uint8Array;
  ciphertext: ArrayBuffer;
}

export interface DraftSummary {
  draftId: string;
  savedAt: number;
  expiresAt: number;
}

const KEY_PREFIX = 'key:';
const DRAFT_PREFIX = 'draft:';

async function ownerId(sub: string, subtle: SubtleCrypto): Promise<string> {
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(`cp-console-drafts:${sub}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class DraftVault {
  private owner?: Promise<string>;

  constructor(
    private readonly storage: VaultStorage,
    private readonly sub: string,
    private readonly now: () => number = () => Date.now(),
    private readonly webCrypto: Crypto = globalThis.crypto,
  ) {
    if (!sub) throw new Error('a draft vault needs the signed-in user');
  }

  private ownerId(): Promise<string> {
    this.owner ??= ownerId(this.sub, this.webCrypto.subtle);
    return this.owner;
  }

  private async key(): Promise<CryptoKey> {
    const k = `${KEY_PREFIX}${await this.ownerId()}`;
    const existing = await this.storage.get<CryptoKey>(k);
    if (existing) return existing;
    const key = await this.webCrypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
      'decrypt',
    ]);
    await this.storage.set(k, key);
    return key;
  }

  private aad(owner: string, draftId: string): Uint8Array<ArrayBuffer> {
    return new TextEncoder().encode(`${owner}:${draftId}`);
  }

  async save(draftId: string, data: unknown): Promise<DraftSummary> {
    const owner = await this.ownerId();
    const iv = this.webCrypto.getRandomValues(new Uint8Array(12));
    const ciphertext = await this.webCrypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: this.aad(owner, draftId) },
      await this.key(),
      new TextEncoder().encode(JSON.stringify(data)),
    );
    const savedAt = this.now();
    const record: StoredDraft = {
      owner,
      draftId,
      savedAt,
      expiresAt: savedAt + DRAFT_TTL_MS,
      iv,
      ciphertext,
    };
    await this.storage.set(`${DRAFT_PREFIX}${owner}:${draftId}`, record);
    return { draftId, savedAt, expiresAt: record.expiresAt };
  }

  /** The user's drafts that have not expired, newest first (expired ones of anyone are deleted). */
  async list(): Promise<DraftSummary[]> {
    await this.purgeExpired();
    const owner = await this.ownerId();
    const out: DraftSummary[] = [];
    for (const k of await this.storage.keys()) {
      if (!k.startsWith(`${DRAFT_PREFIX}${owner}:`)) continue;
      const d = await this.storage.get<StoredDraft>(k);
      if (d) out.push({ draftId: d.draftId, savedAt: d.savedAt, expiresAt: d.expiresAt });
    }
    return out.sort((a, b) => b.savedAt - a.savedAt);
  }

  /** The draft's data, or undefined when it is not the user's, has expired or does not decrypt. */
  async load<T>(draftId: string): Promise<T | undefined> {
    const owner = await this.ownerId();
    const k = `${DRAFT_PREFIX}${owner}:${draftId}`;
    const d = await this.storage.get<StoredDraft>(k);
    if (!d || d.owner !== owner) return undefined;
    if (d.expiresAt <= this.now()) {
      await this.storage.del(k);
      return undefined;
    }
    try {
      const plain = await this.webCrypto.subtle.decrypt(
        { name: 'AES-GCM', iv: new Uint8Array(d.iv), additionalData: this.aad(owner, draftId) },
        await this.key(),
        d.ciphertext,
      );
      return JSON.parse(new TextDecoder().decode(plain)) as T;
    } catch {
      return undefined;
    }
  }

  async remove(draftId: string): Promise<void> {
    await this.storage.del(`${DRAFT_PREFIX}${await this.ownerId()}:${draftId}`);
  }

  /** Deletes every expired draft, whoever wrote it. */
  async purgeExpired(): Promise<number> {
    let n = 0;
    for (const k of await this.storage.keys()) {
      if (!k.startsWith(DRAFT_PREFIX)) continue;
      const d = await this.storage.get<StoredDraft>(k);
      if (!d || d.expiresAt <= this.now()) {
        await this.storage.del(k);
        n++;
      }
    }
    return n;
  }

  /** At sign-out: the user's drafts and key are deleted (what is left cannot be decrypted by anyone). */
  async clear(): Promise<void> {
    const owner = await this.ownerId();
    for (const k of await this.storage.keys()) {
      if (k.startsWith(`${DRAFT_PREFIX}${owner}:`)) await this.storage.del(k);
    }
    await this.storage.del(`${KEY_PREFIX}${owner}`);
  }
}
