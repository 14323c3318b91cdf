import { SNS_ENVELOPE_OVERHEAD_BYTES } from "../../patterns/model/limits.js";
import type { QueueModel, ServiceModel, TopicModel } from "../../patterns/model/types.js";
import { siloTenant, subscriberName, type PatternView } from "../model-view.js";
import { CLAIM_CHECK_POINTER_BYTES } from "./assumptions.js";
import { OperateInputError } from "../errors.js";
import type { Rates } from "./rates.js";

/** Messages a second through one queue, and what each weighs there. */
export interface QueueTraffic {
  readonly queue: QueueModel;
  /** Subscriber, lane, shard or tenant, for the report. */
  readonly part: string;
  readonly messagesPerSecond: number;
  /** A message's size in this queue: the pointer when it travels by claim check, the SNS envelope when not raw. */
  readonly queueBytes: number;
  /** Who enqueues: SNS delivering a subscription, or the pattern's producers sending straight. */
  readonly sentBy: "sns" | "producer";
  readonly byReference: boolean;
}

export interface PatternTraffic {
  readonly view: PatternView;
  /** Messages a second into the pattern (published events for a fan-out). */
  readonly rate: number;
  readonly publish?: { readonly topic: TopicModel; readonly bytes: number };
  readonly queues: readonly QueueTraffic[];
  /** Bodies over the claim-check threshold go to S3; the bucket keeps them this long. */
  readonly claimCheck?: { readonly bytes: number; readonly lifetimeSeconds: number };
  /** How each part's rate was decided, for the report. */
  readonly notes: readonly string[];
}

/**
 * Where the given rates go. A fan-out's subscribers each get every published event unless
 * `PATTERN.SUBSCRIBER` says how many their filter admits; a priority queue's work goes to its high
 * lane unless `PATTERN.low` / `PATTERN.surge` take a share; shards and silos split the pattern's
 * rate evenly (a silo given its own rate keeps it, the rest share what is left).
 */
export function patternTraffic(model: ServiceModel, view: PatternView, rates: Rates, messageBytes: number): PatternTraffic {
  const given = rates.patterns.get(view.name);
  const parts = rates.parts.get(view.name) ?? new Map<string, number>();
  const plan = model.claimChecks.find((p) => p.pattern === view.name);
  const byReference = plan !== undefined && messageBytes > plan.thresholdBytes;
  const bucket = model.buckets.find((b) => b.id === "claim-check");
  const claimCheck = byReference ? { bytes: messageBytes, lifetimeSeconds: (bucket?.expireAfterDays ?? 0) * 86_400 } : undefined;
  const body = byReference ? CLAIM_CHECK_POINTER_BYTES : messageBytes;
  const direct = (queue: QueueModel, part: string, messagesPerSecond: number): QueueTraffic => ({ queue, part, messagesPerSecond, queueBytes: body, sentBy: "producer", byReference });
  const notes: string[] = [];

  if (view.kind === "fanout" && view.topic) {
    const rate = given ?? 0;
    const queues = view.subscriptions.map((s): QueueTraffic => {
      const name = subscriberName(s);
      const own = parts.get(name);
      if (own !== undefined && own > rate) {
        throw new OperateInputError(`--rate ${view.name}.${name}=${own}/s: a subscriber receives at most the events published (${view.name} ${rate}/s${given === undefined ? ": give --rate " + view.name + "=N/s too" : ""})`);
      }
      const queue = model.queues.find((q) => q.id === s.queue.id)!;
      // The SNS envelope escapes the payload as a JSON string: at worst twice its size, plus the envelope (as the payload budget counts it).
      const queueBytes = s.rawMessageDelivery ? body : 2 * body + SNS_ENVELOPE_OVERHEAD_BYTES;
      if (own === undefined && rate > 0) notes.push(`${view.name}.${name}: every published event (its filter's selectivity unknown; --rate ${view.name}.${name}=N/s to say)`);
      return { queue, part: name, messagesPerSecond: own ?? rate, queueBytes, sentBy: "sns", byReference };
    });
    return { view, rate, publish: { topic: view.topic, bytes: body }, queues, ...(claimCheck ? { claimCheck } : {}), notes };
  }

  if (view.kind === "priority-queue") {
    const lanes = view.queues.filter((q) => q.priorityLane);
    const elsewhere = lanes.filter((q) => q.priorityLane!.lane !== "high").reduce((sum, q) => sum + (parts.get(q.priorityLane!.lane) ?? 0), 0);
    const rate = given ?? elsewhere;
    const high = rate - elsewhere;
    if (high < 0) throw new OperateInputError(`--rate ${view.name}: its other lanes' rates (${elsewhere}/s) add up to more than the pattern's ${rate}/s`);
    if (rate > 0 && parts.size === 0) notes.push(`${view.name}: all work sent high priority, none deferred or in surge (--rate ${view.name}.low=N/s or .surge=N/s to take a share)`);
    const queues = lanes.map((q) => direct(q, `${q.priorityLane!.lane} lane`, q.priorityLane!.lane === "high" ? high : (parts.get(q.priorityLane!.lane) ?? 0)));
    return { view, rate, queues, ...(claimCheck ? { claimCheck } : {}), notes };
  }

  if (view.kind === "tenant-isolated-function") {
    const silos = view.queues.map((q) => ({ queue: q, tenant: siloTenant(view.consumers.find((f) => f.eventSources.some((e) => e.queue.id === q.id))!) ?? q.name }));
    const fixed = silos.reduce((sum, s) => sum + (parts.get(s.tenant) ?? 0), 0);
    const rate = given ?? fixed;
    const rest = rate - fixed;
    const sharing = silos.filter((s) => !parts.has(s.tenant));
    if (rest < 0 || (rest > 0 && sharing.length === 0)) {
      throw new OperateInputError(`--rate ${view.name}: its tenants' rates (${fixed}/s) do not add up to the pattern's ${rate}/s`);
    }
    if (rate > 0 && sharing.length > 0) notes.push(`${view.name}: ${rest}/s split evenly over ${sharing.length} silo(s) (--rate ${view.name}.TENANT=N/s to say)`);
    const queues = silos.map((s) => direct(s.queue, `tenant ${s.tenant}`, parts.get(s.tenant) ?? rest / sharing.length));
    return { view, rate, queues, ...(claimCheck ? { claimCheck } : {}), notes };
  }

  const rate = given ?? 0;
  if (rate > 0 && view.queues.length > 1) notes.push(`${view.name}: spread evenly over its ${view.queues.length} queues`);
  const queues = view.queues.map((q, i) => direct(q, view.kind === "shuffle-sharded-queue" ? `shard ${i}` : q.name, rate / view.queues.length));
  return { view, rate, queues, ...(claimCheck ? { claimCheck } : {}), notes };
}
