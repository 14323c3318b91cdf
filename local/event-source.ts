import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from "@aws-sdk/client-sqs";
import type { SQSRecord } from "aws-lambda";
import type { EventSourceModel, FunctionModel } from "../patterns/model/types.js";
import { settle, type Settlement } from "./batch-response.js";
import type { FunctionRunner, Invocation } from "./function-runner.js";
import { lambdaRecord, RECEIVE_ATTRIBUTES } from "./lambda-event.js";
import type { LocalQueue } from "./provision.js";
import { Semaphore } from "./semaphore.js";

/** SQS returns at most 10 messages a receive; larger batches are gathered over a batching window. */
const MAX_RECEIVE = 10;
/** Lambda's pollers long-poll for 20 s, whatever the queue's own ReceiveMessageWaitTimeSeconds. */
const LONG_POLL_SECONDS = 20;

export interface BatchDone {
  readonly fn: FunctionModel;
  readonly queue: LocalQueue;
  readonly records: readonly SQSRecord[];
  readonly invocation: Invocation;
  readonly settlement: Settlement;
}

export interface EventSourceOptions {
  readonly fn: FunctionModel;
  readonly source: EventSourceModel;
  readonly queue: LocalQueue;
  readonly region: string;
  readonly sqs: SQSClient;
  /** Only its invoke: tests drive the mapping with a stand-in. */
  readonly runner: Pick<FunctionRunner, "invoke">;
  /** The function's reserved concurrency, shared by all its mappings; absent when it has none. */
  readonly reserved?: Semaphore;
  /** A batch taken from the queue (until it is settled, the service is not idle). */
  readonly onBatchStart: () => void;
  readonly onBatchDone: (done: BatchDone) => void;
  readonly onProblem: (message: string) => void;
}

/**
 * One event source mapping, as Lambda runs it for an SQS queue: it long-polls the queue, gathers
 * a batch (up to batchSize, for at most the batching window once a first message is in), invokes
 * the function with it, and deletes what the response says succeeded; the rest stays in flight
 * until its visibility timeout ends, and SQS's redrive policy moves a message to the DLQ on the
 * receive after maxReceiveCount. At most `maximumConcurrency` of its batches run at once, and
 * no more than the function's reserved concurrency across all its mappings.
 *
 * Unlike Lambda it never throttles: a batch waits for a free slot of the reservation before it is
 * invoked instead of being returned (the `mapping-cap-within-reserved` guardrail keeps a spec from
 * relying on either).
 */
export class EventSourcePoller {
  private readonly slots: Semaphore;
  private readonly abort = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private loop?: Promise<void>;

  constructor(private readonly options: EventSourceOptions) {
    // Without a cap Lambda scales an SQS mapping to 1,250 concurrent batches; locally that is unbounded.
    this.slots = new Semaphore(options.source.maximumConcurrency ?? options.fn.reservedConcurrency ?? 1250);
  }

  start(): void {
    this.loop ??= this.poll();
  }

  /** Stops receiving; batches already taken still settle (their invocations end when the runner stops). */
  halt(): void {
    this.abort.abort();
    this.slots.releaseAll();
    this.options.reserved?.releaseAll();
  }

  /** Resolves once the poll loop and every batch it started have ended. */
  async drained(): Promise<void> {
    await this.loop;
    await Promise.allSettled([...this.running]);
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async poll(): Promise<void> {
    while (!this.stopped) {
      await this.slots.acquire();
      if (this.stopped) return;
      let batch: Message[] = [];
      try {
        batch = await this.gather();
      } catch (error) {
        this.slots.release();
        if (this.stopped) return;
        this.options.onProblem(`cannot receive from ${this.options.queue.name}: ${(error as Error).message}; retrying in 1 s`);
        await sleep(1000, this.abort.signal);
        continue;
      }
      if (batch.length === 0) {
        this.slots.release();
        continue;
      }
      const run = this.invoke(batch).finally(() => {
        this.running.delete(run);
        this.slots.release();
      });
      this.running.add(run);
    }
  }

  /** A batch as Lambda gathers one: the first receive long-polls, the rest fill it within the window. */
  private async gather(): Promise<Message[]> {
    const { source, queue } = this.options;
    const first = await this.receive(Math.min(source.batchSize, MAX_RECEIVE), LONG_POLL_SECONDS);
    if (first.length === 0) return first;
    this.options.onBatchStart();
    const batch = [...first];
    const windowEnds = Date.now() + source.maximumBatchingWindowSeconds * 1000;
    try {
      while (batch.length < source.batchSize && !this.stopped) {
        const left = windowEnds - Date.now();
        if (left <= 0) break;
        const more = await this.receive(Math.min(source.batchSize - batch.length, MAX_RECEIVE), Math.min(20, Math.floor(left / 1000)));
        batch.push(...more);
        if (more.length === 0 && left < 1000) await sleep(Math.min(left, 100), this.abort.signal);
      }
    } catch (error) {
      // What was gathered is in flight either way; it is invoked rather than left to time out.
      if (!this.stopped) this.options.onProblem(`receiving from ${queue.name} within the batching window failed: ${(error as Error).message}`);
    }
    return batch;
  }

  private async receive(max: number, waitSeconds: number): Promise<Message[]> {
    const { Messages = [] } = await this.options.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: this.options.queue.url, MaxNumberOfMessages: max, WaitTimeSeconds: waitSeconds, ...RECEIVE_ATTRIBUTES }),
      { abortSignal: this.abort.signal },
    );
    return Messages;
  }

  private async invoke(batch: Message[]): Promise<void> {
    const { fn, source, queue, region, runner, reserved } = this.options;
    const records = batch.map((m) => lambdaRecord(m, queue.arn, region));
    try {
      await reserved?.acquire();
      let invocation: Invocation;
      try {
        invocation = this.stopped ? { outcome: { kind: "error", error: { errorType: "Local.Stopped", errorMessage: "the service stopped" } }, durationMs: 0 } : await runner.invoke({ Records: records });
      } finally {
        reserved?.release();
      }
      const settlement = settle(records, invocation.outcome, source.reportBatchItemFailures);
      if (!this.stopped) await this.remove(settlement.done);
      this.options.onBatchDone({ fn, queue, records, invocation, settlement });
    } catch (error) {
      this.options.onProblem(`bulkhead bug: a batch of ${fn.name} from ${queue.name} could not be settled: ${(error as Error).stack}`);
      this.options.onBatchDone({
        fn,
        queue,
        records,
        invocation: { outcome: { kind: "error", error: { errorType: "Local.Error", errorMessage: String(error) } }, durationMs: 0 },
        settlement: { outcome: "error", done: [] },
      });
    }
  }

  /** Deletes the records that succeeded, ten at a time, as Lambda does after the function returns. */
  private async remove(done: readonly SQSRecord[]): Promise<void> {
    for (let i = 0; i < done.length; i += MAX_RECEIVE) {
      const chunk = done.slice(i, i + MAX_RECEIVE);
      const { Failed = [] } = await this.options.sqs.send(
        new DeleteMessageBatchCommand({ QueueUrl: this.options.queue.url, Entries: chunk.map((r, n) => ({ Id: String(n), ReceiptHandle: r.receiptHandle })) }),
      );
      // A receipt handle of a message that was received again since (its visibility ended mid-run) no longer deletes it.
      for (const f of Failed) this.options.onProblem(`could not delete ${chunk[Number(f.Id)]?.messageId} from ${this.options.queue.name}: ${f.Code} ${f.Message ?? ""}`.trim());
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}
