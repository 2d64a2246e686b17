// The model's replay as the store's default ReplayFactory.
import { createReplay, restoreReplay } from '../model/replay.js';
import type { ReplayFactory } from './types.js';

// createReplay / restoreReplay from src/model.
export function defaultReplayFactory(): ReplayFactory {
  return { create: createReplay, restore: restoreReplay };
}
