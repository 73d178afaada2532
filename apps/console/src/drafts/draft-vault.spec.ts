import { DRAFT_TTL_MS, DraftVault, type VaultStorage } from './draft-vault';

/** IndexedDB keeps values by structured clone; a Map keeps the same objects, which is enough here. */
function memoryStorage(): VaultStorage & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return {
    map,
    get: async <T>(k: string) => map.get(k) as T | undefined,
    set: async (k, v) => void map.set(k, v),
    del: async (k) => void map.delete(k),
    keys: async () => [...map.keys()],
  };
}

const child = { children: [{ name: 'Nguyễn Văn An', ageYears: 9 }], notes: 'bị đánh' };

describe('a draft of the call form', () => {
  it('is stored encrypted and read back by the same user', async () => {
    const storage = memoryStorage();
    const vault = new DraftVault(storage, 'counsellor-1');
    await vault.save('d1', child);
    const stored = JSON.stringify([...storage.map.values()].map((v) => (v instanceof CryptoKey ? 'key' : v)));
    expect(stored).not.toContain('An');
    expect(Buffer.from(JSON.stringify(child)).toString('base64')).not.toBe('');
    expect(await vault.load('d1')).toEqual(child);
    expect((await vault.list()).map((d) => d.draftId)).toEqual(['d1']);
  });

  it('is bound to its user: another user neither lists nor opens it', async () => {
    const storage = memoryStorage();
    await new DraftVault(storage, 'counsellor-1').save('d1', child);
    const other = new DraftVault(storage, 'counsellor-2');
    expect(await other.list()).toEqual([]);
    expect(await other.load('d1')).toBeUndefined();
  });

  it('moved under another user or draft id does not decrypt', async () => {
    const storage = memoryStorage();
    const vault = new DraftVault(storage, 'counsellor-1');
    await vault.save('d1', child);
    const [draftKey] = [...storage.map.keys()].filter((k) => k.startsWith('draft:'));
    storage.map.set(draftKey.replace(':d1', ':d2'), {
      ...(storage.map.get(draftKey) as object),
      draftId: 'd2',
    });
    expect(await vault.load('d2')).toBeUndefined();
  });

  it('expires after the policy’s time and is then deleted', async () => {
    const storage = memoryStorage();
    let now = 1_000_000;
    const vault = new DraftVault(storage, 'counsellor-1', () => now);
    await vault.save('d1', child);
    now += DRAFT_TTL_MS - 1;
    expect(await vault.load('d1')).toEqual(child);
    now += 1;
    expect(await vault.load('d1')).toBeUndefined();
    expect([...storage.map.keys()].some((k) => k.startsWith('draft:'))).toBe(false);
  });

  it('of anyone is purged once expired', async () => {
    const storage = memoryStorage();
    let now = 0;
    await new DraftVault(storage, 'counsellor-1', () => now).save('d1', child);
    now = DRAFT_TTL_MS + 1;
    expect(await new DraftVault(storage, 'counsellor-2', () => now).purgeExpired()).toBe(1);
  });

  it('is deleted with the user’s key at sign-out; other users’ drafts stay', async () => {
    const storage = memoryStorage();
    const mine = new DraftVault(storage, 'counsellor-1');
    const theirs = new DraftVault(storage, 'counsellor-2');
    await mine.save('d1', child);
    await theirs.save('d2', child);
    await mine.clear();
    expect(await mine.list()).toEqual([]);
    expect((await theirs.list()).map((d) => d.draftId)).toEqual(['d2']);
    expect([...storage.map.keys()].filter((k) => k.startsWith('key:'))).toHaveLength(1);
  });

  it('uses a key that cannot be exported', async () => {
    const storage = memoryStorage();
    await new DraftVault(storage, 'counsellor-1').save('d1', child);
    const key = [...storage.map.values()].find((v) => v instanceof CryptoKey) as CryptoKey;
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });
});
