import { openStores, type Stores } from '../shared/adapters/cosmos/stores';
import { loadConfig } from '../shared/config';

/** Composition root: the storage ports the handlers and activities use, built from app settings. */
export function stores(): Promise<Stores> {
  return openStores(loadConfig());
}
