// Space plays the trace: a timer dispatches `tick`s at the chosen speed (at most ~30 ticks a second).
import { useEffect, type Dispatch } from 'react';
import type { Action } from './reducer.js';

const MIN_INTERVAL_MS = 33;

// Runs while `playing`; `speed` is steps per second.
export function usePlayback(playing: boolean, speed: number, dispatch: Dispatch<Action>): void {
  useEffect(() => {
    if (!playing) return undefined;
    const interval = Math.max(MIN_INTERVAL_MS, Math.floor(1000 / speed));
    const steps = Math.max(1, Math.round((speed * interval) / 1000));
    const timer = setInterval(() => dispatch({ type: 'tick', steps }), interval);
    return () => clearInterval(timer);
  }, [playing, speed, dispatch]);
}
