import { createStore, del, get, keys, set } from 'idb-keyval';
import type { VaultStorage } from './draft-vault';

/** IndexedDB (database `cp-console`, store `drafts`): it keeps a CryptoKey without exporting it. */
const store = createStore('cp-console', 'drafts');

export const idbStorage: VaultStorage = {
  get: <T>(key: string) => get<T>(key, store),
  set: (key, value) => set(key, value, store),
  del: (key) => del(key, store),
  keys: async () => (await keys(store)).map(String),
};
