/**
 * The asynchronous invocation pipeline, as the queue's `process` hook: run the function, retry it as
 * its event invoke configuration says, and once the outcome is known record it on the event, send the
 * invocation record to the OnSuccess / OnFailure destination and the event to the dead-letter target,
 * and only then forget the event. A crash at any point leaves the event stored, so it is delivered at
 * least once.
 */
import { LambdaError } from '../errors/base.js';
import { splitIdentifier } from '../control/arn.js';
import { FUNCTION_KIND, type FunctionDoc } from '../control/functions/records.js';
import { resolveQualifier } from '../control/aliases/resolve.js';
import {
  DEFAULT_MAX_EVENT_AGE_SECONDS, DEFAULT_MAX_RETRY_ATTEMPTS, LATEST, getEventInvokeConfig,
} from '../control/event-invoke-configs/records.js';
import type { StoreDep } from '../control/deps.js';
import type { InvokeDeps, InvokeOutcome } from '../control/invoke/run.js';
import { invokeEvent, type AsyncEventDoc, type AsyncQueue, type QueuedEvent } from './queue.js';
import type { Condition, DeliveryTarget, PendingDelivery, StoredResponse } from './delivery-state.js';
import {
  CREDENTIAL_WAIT_MAX_MS, DELIVERY_TRIES, afterRun, afterSystemError, credentialWaitDelayMs, deliveryDelayMs, tooOld, type RetrySettings,
} from './policy.js';
import { deadLetterMessage, invocationRecord, type AttemptResponse } from './record.js';
import { sendDeadLetter, sendRecord, serviceOfTarget, type SenderDeps } from './senders.js';
import { credentialsAdvice, isMissingCredentials } from '../outbound/credentials.js';
import type { EventFunction, RetryCause } from './observer.js';

const DEFAULT_BASE_DELAY_SECONDS = 60;

/** LAMBKIN_ASYNC_RETRY_BASE_DELAY (seconds) shortens AWS's one-minute first retry delay, e.g. for tests. */
export function retryBaseDelayMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.LAMBKIN_ASYNC_RETRY_BASE_DELAY?.trim();
  const seconds = raw ? Number(raw) : Number.NaN;
  return (Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_BASE_DELAY_SECONDS) * 1000;
}

/** Everything the pipeline needs to know about the function an event is for, read afresh each pass. */
interface EventSettings {
  retry: RetrySettings;
  onSuccess?: string;
  onFailure?: string;
  deadLetter?: string;
  /** The ARN the record names: qualified, `:$LATEST` for an unqualified invoke. */
  qualifiedArn: string;
}

/** What the pipeline runs with: invocation, and the senders of destinations and dead-letter queues. */
type PipelineDeps = InvokeDeps & SenderDeps;

async function settingsOf(deps: StoreDep, event: QueuedEvent, baseDelayMs: number): Promise<EventSettings | undefined> {
  const name = splitIdentifier(event.doc.functionArn)?.name;
  if (!name) return undefined;
  const qualifier = event.doc.qualifier ?? LATEST;
  const stored = await deps.store.get<FunctionDoc>(FUNCTION_KIND, event.scope, name);
  if (!stored) return undefined;
  const version = qualifier === LATEST ? stored.doc.latest : (await resolveQualifier(deps, event.scope, stored.doc, qualifier))?.version;
  if (!version) return undefined;
  const config = (await getEventInvokeConfig(deps, event.scope, name, qualifier))?.doc;
  return {
    retry: {
      maxRetries: config?.maximumRetryAttempts ?? DEFAULT_MAX_RETRY_ATTEMPTS,
      maxAgeMs: (config?.maximumEventAgeInSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS) * 1000,
      baseDelayMs,
    },
    ...(config?.onSuccess ? { onSuccess: config.onSuccess } : {}),
    ...(config?.onFailure ? { onFailure: config.onFailure } : {}),
    ...(version.config.DeadLetterConfig?.TargetArn ? { deadLetter: version.config.DeadLetterConfig.TargetArn } : {}),
    qualifiedArn: `${event.doc.functionArn}:${qualifier}`,
  };
}

function responseOfRun(outcome: InvokeOutcome): AttemptResponse {
  return {
    statusCode: 200,
    executedVersion: outcome.executedVersion,
    ...(outcome.result.functionError ? { functionError: outcome.result.functionError } : {}),
    payload: outcome.result.payload,
  };
}

/** An attempt that never reached the function reports the platform's error instead of a payload. */
function responseOfError(error: unknown): AttemptResponse {
  const lambda = error instanceof LambdaError ? error : undefined;
  return {
    statusCode: lambda?.status ?? 500,
    payload: Buffer.from(JSON.stringify({
      errorMessage: error instanceof Error ? error.message : String(error),
      errorType: lambda?.code ?? 'ServiceException',
    })),
  };
}

function stored(response: AttemptResponse): StoredResponse {
  return { ...response, payload: response.payload.toString('base64') };
}

function restored(response: StoredResponse): AttemptResponse {
  return { ...response, payload: Buffer.from(response.payload, 'base64') };
}

function eventFunction(event: QueuedEvent): EventFunction {
  const { scope, doc } = event;
  return { accountId: scope.accountId, region: scope.region, functionArn: doc.functionArn, qualifier: doc.qualifier ?? LATEST };
}

function reportRetry(queue: AsyncQueue, event: QueuedEvent, cause: RetryCause): void {
  queue.observers.emit('retryScheduled', { fn: eventFunction(event), requestId: event.doc.requestId, cause });
}

/** Throttles, system errors and functions not ready yet are retried; a refusal (gone, forbidden) is final. */
function retryable(error: unknown): boolean {
  if (!(error instanceof LambdaError)) return true;
  return error.status === 429 || error.status >= 500 || error.code === 'ResourceConflictException';
}

export class AsyncPipeline {
  constructor(private readonly deps: PipelineDeps, private readonly baseDelayMs = retryBaseDelayMs()) {}

  readonly process = async (queue: AsyncQueue, event: QueuedEvent): Promise<void> => {
    if (event.doc.delivery) return this.deliver(queue, event, event.doc.delivery);
    const settings = await settingsOf(this.deps, event, this.baseDelayMs);
    if (!settings) {
      console.error(`lambkin async: dropping event ${event.doc.requestId}: ${event.doc.functionArn}${event.doc.qualifier ? `:${event.doc.qualifier}` : ''} no longer exists`);
      return queue.remove(event);
    }
    const doc = event.doc;
    if (tooOld(doc.enqueuedAt, Date.now(), settings.retry)) {
      const last = doc.lastResponse ? restored(doc.lastResponse) : responseOfError(new LambdaError('EventAgeExceeded', 500, 'The event expired before it could be processed.'));
      return this.finish(queue, event, doc, settings, 'EventAgeExceeded', last);
    }
    let outcome: InvokeOutcome | undefined;
    let failure: unknown;
    try {
      outcome = await invokeEvent(this.deps, event);
    } catch (err) {
      failure = err;
    }
    // A shutdown interrupts runs; the event is tried again after the restart.
    if (queue.stopping) return;
    if (outcome) return this.afterRun(queue, event, settings, outcome);
    return this.afterError(queue, event, settings, failure);
  };

  private async afterRun(queue: AsyncQueue, event: QueuedEvent, settings: EventSettings, outcome: InvokeOutcome): Promise<void> {
    const response = responseOfRun(outcome);
    const { lastResponse: _previous, ...rest } = event.doc;
    const doc: AsyncEventDoc = { ...rest, invokes: (event.doc.invokes ?? 0) + 1, systemRetries: 0 };
    const decision = afterRun(doc.invokes!, response.functionError !== undefined, doc.enqueuedAt, Date.now(), settings.retry);
    if (decision.action === 'retry') {
      reportRetry(queue, event, 'function-error');
      return queue.reschedule(event, { ...doc, notBefore: decision.notBefore, lastResponse: stored(response) });
    }
    return this.finish(queue, event, doc, settings, decision.condition, response);
  }

  private async afterError(queue: AsyncQueue, event: QueuedEvent, settings: EventSettings, error: unknown): Promise<void> {
    const doc = event.doc;
    const response = responseOfError(error);
    if (!retryable(error)) {
      console.error(`lambkin async: event ${doc.requestId} cannot run: ${response.payload.toString()}`);
      return this.finish(queue, event, doc, settings, 'RetriesExhausted', response);
    }
    const systemRetries = doc.systemRetries ?? 0;
    const decision = afterSystemError(systemRetries, doc.enqueuedAt, Date.now(), settings.retry);
    if (decision.action === 'retry') {
      reportRetry(queue, event, error instanceof LambdaError && error.status === 429 ? 'throttled' : 'system-error');
      return queue.reschedule(event, { ...doc, systemRetries: systemRetries + 1, notBefore: decision.notBefore });
    }
    return this.finish(queue, event, doc, settings, decision.condition, doc.lastResponse ? restored(doc.lastResponse) : response);
  }

  /** Records the outcome on the event (so a crash cannot lose it), then delivers it. */
  private async finish(
    queue: AsyncQueue, event: QueuedEvent, doc: AsyncEventDoc, settings: EventSettings, condition: Condition, response: AttemptResponse,
  ): Promise<void> {
    const targets: DeliveryTarget[] = [];
    if (condition === 'Success') {
      if (settings.onSuccess) targets.push({ type: 'destination', arn: settings.onSuccess });
    } else {
      if (settings.onFailure) targets.push({ type: 'destination', arn: settings.onFailure });
      if (settings.deadLetter) {
        targets.push({
          type: 'dead-letter', arn: settings.deadLetter,
          errorCode: String(response.statusCode), errorMessage: deadLetterMessage(response, condition),
        });
      }
    }
    if (targets.length === 0) return queue.remove(event);
    const delivery: PendingDelivery = {
      record: invocationRecord({
        requestId: doc.requestId,
        functionArn: settings.qualifiedArn,
        condition,
        invokes: doc.invokes ?? 0,
        requestPayload: Buffer.from(doc.payload, 'base64'),
        response,
      }),
      pending: targets,
      tries: 0,
    };
    const { lastResponse: _last, ...rest } = doc;
    const saved = await queue.save(event, { ...rest, delivery });
    return this.deliver(queue, saved, delivery);
  }

  private async deliver(queue: AsyncQueue, event: QueuedEvent, delivery: PendingDelivery): Promise<void> {
    const failed: Array<{ target: DeliveryTarget; error: unknown }> = [];
    const report = (target: DeliveryTarget, outcome: 'delivered' | 'failed') => queue.observers.emit('deliveryAttempted', {
      fn: eventFunction(event), requestId: event.doc.requestId, target: target.type,
      condition: delivery.record.requestContext.condition, arn: target.arn, outcome,
    });
    for (const target of delivery.pending) {
      try {
        if (target.type === 'destination') {
          await sendRecord(this.deps, target.arn, delivery.record, event.scope);
        } else {
          await sendDeadLetter(this.deps, target.arn, Buffer.from(event.doc.payload, 'base64').toString('utf8'), {
            requestId: event.doc.requestId, code: target.errorCode, message: target.errorMessage,
          });
        }
        report(target, 'delivered');
      } catch (error) {
        failed.push({ target, error });
        report(target, 'failed');
      }
    }
    if (failed.length === 0) return queue.remove(event);
    const unsigned = failed.filter((f) => isMissingCredentials(f.error));
    const others = failed.filter((f) => !isMissingCredentials(f.error));
    const tries = delivery.tries + (others.length ? 1 : 0);
    const giveUp = tries >= DELIVERY_TRIES;
    for (const { target, error } of others) {
      const reason = error instanceof Error ? error.message : String(error);
      console.error(`lambkin async: could not send the ${target.type} of event ${event.doc.requestId} to ${target.arn} (try ${tries} of ${DELIVERY_TRIES}${giveUp ? ', giving up' : ''}): ${reason}`);
    }
    const waits = delivery.credentialWaits ?? 0;
    const expired = unsigned.length > 0 && Date.now() - event.doc.enqueuedAt > CREDENTIAL_WAIT_MAX_MS;
    for (const { target } of unsigned) {
      if (waits > 0 && !expired) continue; // said once per event: the setting does not change while the server runs
      const service = serviceOfTarget(target.arn) ?? 's3';
      console.error(`lambkin async: cannot send the ${target.type} of event ${event.doc.requestId} to ${target.arn}: no AWS credentials ` +
        `to sign with; ${credentialsAdvice(service)}. ${expired ? 'Giving up: the event is 6 hours old.' : 'The record is kept and sent again (also after a restart) for up to 6 hours.'}`);
    }
    const pending = [...(giveUp ? [] : others), ...(expired ? [] : unsigned)].map((f) => f.target);
    if (pending.length === 0) return queue.remove(event);
    const delay = Math.min(
      others.length && !giveUp ? deliveryDelayMs(tries) : Infinity,
      unsigned.length && !expired ? credentialWaitDelayMs(waits) : Infinity,
    );
    await queue.reschedule(event, {
      ...event.doc,
      delivery: { ...delivery, pending, tries, credentialWaits: waits + (unsigned.length ? 1 : 0) },
      notBefore: Date.now() + delay,
    });
  }
}

/** Puts the pipeline behind the async queue; call once at start-up, before the queue starts. */
export function installAsyncPipeline(deps: PipelineDeps & { asyncQueue: AsyncQueue }): AsyncPipeline {
  const pipeline = new AsyncPipeline(deps);
  deps.asyncQueue.process = pipeline.process;
  return pipeline;
}
