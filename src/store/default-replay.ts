// The model's replay as the store's default ReplayFactory.
import { StoreError } from '../errors.js';
import type { ReplayFactory } from './types.js';

// Until src/model exports createReplay/restoreReplay this factory reports the gap.
export function defaultReplayFactory(): ReplayFactory {
  const missing = (): never => {
    throw new StoreError('replay model not available in this build');
  };
  return { create: missing, restore: missing };
}
