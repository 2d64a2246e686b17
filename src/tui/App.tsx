// The screen: one useInput → keymap → reducer; keys of one burst are dispatched together (latest position wins).
import { Box, useApp, useInput } from 'ink';
import { useEffect, useMemo, useReducer, useRef } from 'react';
import { beganBeforeTrace } from '../model/tasks.js';
import { Diagram } from './components/Diagram.js';
import { EventList } from './components/EventList.js';
import { Header } from './components/Header.js';
import { Help } from './components/Help.js';
import { MapsTable } from './components/MapsTable.js';
import { ProcessTree } from './components/ProcessTree.js';
import { StatusLine } from './components/StatusLine.js';
import { Timeline } from './components/Timeline.js';
import { describeEvent } from './describe.js';
import { diagramLayout } from './diagram-layout.js';
import { firstTouched } from './diff.js';
import { elapsed } from './format.js';
import { keyNames } from './keymap.js';
import { computeLayout } from './layout.js';
import { initialState, reduce, SPEEDS, type Action, type TuiState } from './reducer.js';
import { resolveKey } from './resolve.js';
import type { TuiSource } from './source.js';
import { readStepView } from './step-view.js';
import { buildStripRows, columnOf } from './timeline.js';
import { procSummary, treeOrder } from './tree-order.js';
import { usePlayback } from './use-playback.js';

/** Props of App. */
export interface AppProps {
  readonly source: TuiSource;
  readonly width: number;
  /** Terminal rows − 1 (a full-height frame makes ink 6 clear the screen every frame). */
  readonly height: number;
  /** Called first thing for every key (profiling). */
  readonly onKey?: () => void;
  /** Start here instead of the initial state (tests, golden frames). */
  readonly initial?: Partial<Pick<TuiState, 'step' | 'selected' | 'focus' | 'view' | 'mode'>>;
}

// The initial state with the caller's overrides (step clamped into the trace).
function startState(total: number, procs: readonly number[], initial: AppProps['initial']): TuiState {
  // Only the overrides the caller actually gave: `{ selected: undefined }` must not unselect the first process.
  const given = Object.fromEntries(Object.entries(initial ?? {}).filter(([, v]) => v !== undefined));
  const base: TuiState = { ...initialState(total, procs), ...given };
  return { ...base, step: Math.max(Math.min(total, 1), Math.min(total, base.step)) };
}

// The whole TUI.
export function App({ source, width, height, onKey, initial }: AppProps) {
  const { exit } = useApp();
  const info = useMemo(() => source.info(), [source]);
  const tree = useMemo(() => treeOrder(source.processes()), [source]);
  const [state, dispatch] = useReducer(reduce, undefined, () => startState(info.stepCount, tree.map((r) => r.proc.procId), initial));
  // Keys are reduced into `shadow` at once (so search and `.` see the latest position) and dispatched
  // as one batch a macrotask later: a burst of keys (a held arrow) draws one frame, the latest position.
  const shadow = useRef(state);
  const pending = useRef<Action[]>([]);
  useInput((input, key) => {
    onKey?.();
    const actions: Action[] = [];
    for (const name of keyNames(input, key)) {
      const more = resolveKey(name, shadow.current, source);
      shadow.current = more.reduce(reduce, shadow.current);
      actions.push(...more);
    }
    if (actions.length === 0) return;
    if (pending.current.length === 0) {
      setImmediate(() => {
        const batch = pending.current;
        pending.current = [];
        dispatch({ type: 'batch', actions: batch });
      });
    }
    pending.current.push(...actions);
  });
  useEffect(() => {
    if (pending.current.length === 0) shadow.current = state; // timer ticks change the state too
  }, [state]);
  useEffect(() => {
    if (state.quit) exit();
  }, [state.quit, exit]);
  usePlayback(state.playing, SPEEDS[state.speedIndex] ?? 1, dispatch);

  const step = state.step;
  const view = useMemo(() => readStepView(source, step, state.selected), [source, step, state.selected]);
  const layout = computeLayout(width, height);
  const stripRows = useMemo(() => buildStripRows(info.stepCount, width, source.changedSteps(), source.markers()), [source, info.stepCount, width]);
  const summaries = useMemo(() => new Map(tree.map((r) => [r.proc.procId, procSummary(r.proc, source.processes())])), [tree, source]);
  const treeLines = useMemo(
    () => tree.map((r) => ({ procId: r.proc.procId, depth: r.depth, text: summaries.get(r.proc.procId) ?? '', alive: r.proc.firstStep <= step && (r.proc.endStep === undefined || step < r.proc.endStep) })),
    [tree, summaries, step],
  );
  const focusRow = useMemo(() => firstTouched(view.rows, view.touchedHere ? (view.effect?.touched ?? []) : []), [view]);
  const diagram = useMemo(() => (state.view === 'diagram' ? diagramLayout(view.rows) : undefined), [view, state.view]);
  const eventsBody = layout.eventsHeight - 1;
  const eventsTop = Math.max(1, Math.min(Math.max(1, info.stepCount - eventsBody + 1), step - Math.floor(eventsBody / 3) + state.scroll.events));
  const events = useMemo(() => source.events(eventsTop, eventsTop + eventsBody - 1), [source, eventsTop, eventsBody]);

  const proc = view.proc;
  const procName = proc === undefined ? 'no process' : `pid ${proc.pid}${proc.images.length > 0 ? ` ${proc.images[proc.images.length - 1]}` : ''}`;
  const time = view.event?.time !== undefined && info.firstTime !== undefined ? elapsed(view.event.time - info.firstTime) : '';
  const cursor = state.selected === undefined ? 0 : Math.max(0, state.procs.indexOf(state.selected));
  // A space whose start is not in the trace lacks its earlier regions: said first, where a narrow title still shows it.
  const partial = beganBeforeTrace(proc, view.space) ? ' · PARTIAL (start not in the trace)' : '';
  const mapsTitle = `${state.view === 'table' ? 'Maps' : 'Diagram'}${partial} · ${procName} · space ${view.space ?? '-'} · ${view.rows.filter((r) => r.status !== 'removed').length} regions`;
  const empty = proc === undefined ? 'no process selected' : `pid ${proc.pid} has no address space at step ${step}`;
  const treePanel = (w: number, h: number) => <ProcessTree title="Processes (↑↓ select)" lines={treeLines} cursor={cursor} width={w} height={h} focused={state.focus === 'tree'} />;
  const mapsPanel =
    diagram === undefined ? (
      <MapsTable title={mapsTitle} rows={view.rows} focusRow={focusRow} delta={state.scroll.maps} width={layout.mapsWidth} height={layout.mapsHeight} focused={state.focus === 'maps'} empty={empty} />
    ) : (
      <Diagram title={mapsTitle} layout={diagram} delta={state.scroll.maps} width={layout.mapsWidth} height={layout.mapsHeight} focused={state.focus === 'maps'} />
    );
  const bottom =
    layout.treeWidth === 0 && state.focus === 'tree' ? (
      treePanel(width, layout.eventsHeight)
    ) : (
      <EventList events={events} step={step} selected={state.selected} width={width} height={layout.eventsHeight} focused={state.focus === 'events'} />
    );
  const hints = `? keys  ←→ step  g go to  / search  p process  d ${state.view === 'table' ? 'diagram' : 'table'}  Tab focus (${state.focus})  q quit`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header width={width} command={info.command ?? ''} process={procName} step={state.step} total={info.stepCount} time={time} play={state.playing ? `▶ ${SPEEDS[state.speedIndex] ?? 1}/s` : ''} description={view.event === undefined ? '' : `${view.event.pid === proc?.pid ? '' : `[pid ${view.event.pid}] `}${describeEvent(view.event.event)}${view.event.anomalies.length > 0 ? `  ! ${view.event.anomalies.join('; ')}` : ''}`} />
      <Timeline density={stripRows.density} marks={stripRows.marks} cursor={columnOf(state.step, info.stepCount, width)} />
      {state.mode === 'help' ? (
        <Help width={width} height={layout.body} />
      ) : state.mode === 'picker' ? (
        <ProcessTree title="Pick a process (↑↓, Enter, Esc)" lines={treeLines} cursor={state.pickerIndex} width={width} height={layout.body} focused />
      ) : (
        <>
          <Box height={layout.mapsHeight}>
            {mapsPanel}
            {layout.treeWidth > 0 ? treePanel(layout.treeWidth, layout.mapsHeight) : null}
          </Box>
          {bottom}
        </>
      )}
      <StatusLine mode={state.mode} input={state.input} message={state.message} hints={hints} width={width} />
    </Box>
  );
}
