/**
 * A stream kind (Kinesis, DynamoDB Streams) as an EventSource: the shared shard poller over the
 * kind's adapter. One line per kind in src/sources/index.ts registers what this returns.
 */
import type { EventSourceMappingConfiguration } from '../../model/types.generated.js';
import type { EventSource, MappingView, PollerContext } from '../types.js';
import type { StreamAdapter } from './adapter.js';
import { StreamPoller } from './poller.js';

export interface StreamSourceSpec<R> {
  /** For logs and the status endpoint: `kinesis`, `dynamodb-streams`. */
  name: string;
  handles(config: EventSourceMappingConfiguration): boolean;
  makeAdapter(mapping: MappingView): StreamAdapter<R>;
  /** Pause before reading a caught-up shard again (default 250 ms). */
  idlePollMs?: number | ((mapping: MappingView) => number);
  /** How often shards are listed again to follow resharding (default 10 s; also whenever a shard ends). */
  relistMs?: number;
}

const DEFAULT_IDLE_POLL_MS = 250;
const DEFAULT_RELIST_MS = 10_000;

/**
 * The context with a signal of the poller's own as well: a shard that can no longer checkpoint (the
 * lease is gone) stops every shard of the mapping, not only itself.
 */
function stoppable(ctx: PollerContext): { ctx: PollerContext; stop: () => void } {
  const own = new AbortController();
  const signal = AbortSignal.any([ctx.signal, own.signal]);
  const sleep = (ms: number) => new Promise<boolean>((resolve) => {
    if (signal.aborted) return resolve(false);
    const done = (value: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), Math.max(0, ms));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const derived: PollerContext = {
    mapping: ctx.mapping,
    signal,
    sleep,
    checkpoints: ctx.checkpoints,
    report: ctx.report,
    invoke: (event) => ctx.invoke(event),
    matches: (candidate) => ctx.matches(candidate),
    sendFailure: (destination, record, options) => ctx.sendFailure(destination, record, options),
    log: (message) => ctx.log(message),
  };
  return { ctx: derived, stop: () => own.abort() };
}

export function streamSource<R>(spec: StreamSourceSpec<R>): EventSource {
  return {
    name: spec.name,
    handles: (config) => spec.handles(config),
    async run(outer: PollerContext): Promise<void> {
      const { ctx, stop } = stoppable(outer);
      const idle = typeof spec.idlePollMs === 'function' ? spec.idlePollMs(ctx.mapping) : spec.idlePollMs;
      const poller = new StreamPoller(ctx, spec.makeAdapter(ctx.mapping), {
        idlePollMs: idle ?? DEFAULT_IDLE_POLL_MS,
        relistMs: spec.relistMs ?? DEFAULT_RELIST_MS,
      });
      try {
        await poller.run();
      } finally {
        stop();
      }
    },
  };
}
