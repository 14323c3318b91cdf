import type { FunctionModel, QueueModel, ResourceRef, ServiceModel } from "../../patterns/model/types.js";
import { consumerOf, patternViews, siloTenant, subscriberName, type PatternView } from "../model-view.js";
import { EdgeSet, nodeId, type Diagram, type DiagramCluster, type DiagramNode, type EdgeKind } from "./graph.js";
import { filterLabel, listHead, mappingLabel, nameRange, principalLabel, redriveLabel, seconds } from "./labels.js";
import { patternCaption, summarised } from "./summary.js";

/**
 * The architecture of one stack, from its resolved model: per pattern a cluster of its topic,
 * queues, DLQs and functions (shards and silos summarised beyond a few), the stack's tables and
 * buckets, who outside the service may publish or send, and an edge for every right the model
 * grants: publish, deliver, consume, send, dead-letter, and data access.
 */
export function buildDiagram(model: ServiceModel): Diagram {
  const b = new Builder(model);
  for (const view of patternViews(model)) b.pattern(view);
  b.stackResources();
  for (const fn of model.functions) b.grants(fn);
  b.externalSenders();
  return b.diagram();
}

class Builder {
  readonly #model: ServiceModel;
  readonly #clusters: DiagramCluster[] = [];
  readonly #nodes = new Map<string, DiagramNode>();
  readonly #edges = new EdgeSet();
  /** `kind:id` of a model resource → the node drawing it (a summary node for summarised shards and silos). */
  readonly #refs = new Map<string, string>();

  constructor(model: ServiceModel) {
    this.#model = model;
  }

  pattern(view: PatternView): void {
    const cluster = nodeId("cluster", view.name);
    this.#clusters.push({ id: cluster, lines: [view.name, patternCaption(view)] });
    if (view.topic) {
      const t = view.topic;
      this.#node({ id: nodeId("topic", t.id), kind: "topic", lines: [t.fifo ? "SNS FIFO topic" : "SNS topic", t.name], cluster }, [`topic:${t.id}`]);
    }
    if (summarised(view)) this.#summaryQueues(view, cluster);
    else view.queues.forEach((q) => this.#queue(view, q, cluster));
    if (!(summarised(view) && view.kind === "tenant-isolated-function")) {
      for (const fn of view.consumers) this.#function(fn, cluster);
    }
    for (const q of view.queues) {
      const fn = consumerOf(view, q);
      if (q.deadLetterQueue) this.#edges.add(this.#ref("queue", q.id), this.#ref("dlq", q.id), "dead-letter", redriveLabel(q), q.id);
      for (const source of fn?.eventSources.filter((e) => e.queue.id === q.id) ?? []) {
        this.#edges.add(this.#ref("queue", q.id), this.#ref("function", fn!.id), "consume", mappingLabel(source), q.id);
      }
    }
    for (const s of view.subscriptions) {
      const filter = filterLabel(s);
      const delivery = s.rawMessageDelivery ? "raw" : "in the SNS envelope";
      this.#edges.add(this.#ref("topic", s.topic.id), this.#ref("queue", s.queue.id), "deliver", `deliver to ${subscriberName(s)}, ${delivery}${filter ? ` · ${filter}` : " · every message"}`, s.id);
      if (s.deadLetterQueue) this.#edges.add(this.#ref("topic", s.topic.id), this.#ref("dlq", s.deadLetterQueue.id), "dead-letter", "undeliverable", s.id);
    }
    if (view.routingTable) this.#routingTable(view, cluster);
  }

  /** Tables and buckets, inside their pattern's cluster when the model ties them to one; the alarm topic. */
  stackResources(): void {
    for (const t of this.#model.tables) {
      const owner = t.source[0] === "patterns" && t.source.length > 1 ? String(t.source[1]) : undefined;
      const keys = t.rangeKey ? `keys ${t.hashKey}, ${t.rangeKey}` : `key ${t.hashKey}`;
      const extras = [keys, ...(t.ttlAttribute ? [`TTL ${t.ttlAttribute}`] : [])].join(" · ");
      this.#node({ id: nodeId("table", t.id), kind: "table", lines: [t.id === "idempotency" ? "DynamoDB idempotency table" : "DynamoDB table", t.name, extras], ...this.#clusterOf(owner) }, [`table:${t.id}`]);
    }
    for (const bucket of this.#model.buckets) {
      const owner = bucket.tags["bulkhead:pattern"];
      const what = bucket.id === "claim-check" ? "S3 claim-check bucket" : "S3 bucket";
      const life = [bucket.versioned === false ? "unversioned" : "versioned", ...(bucket.expireAfterDays ? [`objects expire after ${bucket.expireAfterDays} d`] : [])].join(" · ");
      this.#node({ id: nodeId("bucket", bucket.id), kind: "bucket", lines: [what, `${bucket.namePrefix}…`, life], ...this.#clusterOf(owner) }, [`bucket:${bucket.id}`]);
    }
    if (this.#model.alarmTopic) {
      const a = this.#model.alarmTopic;
      this.#node({ id: "alarm_topic", kind: "alarm", lines: ["alarm topic (every alarm notifies it)", a.name, `${a.subscriptions.length} subscription(s), key ${a.keyAlias}`] }, []);
    }
    for (const arn of this.#model.alarmActions) this.#node({ id: nodeId("alarms", arn), kind: "alarm", lines: ["alarm topic (every alarm notifies it)", arn] }, []);
  }

  /** One edge per right a function's role holds on another resource of the stack. */
  grants(fn: FunctionModel): void {
    const from = this.#ref("function", fn.id);
    const ownLane = this.#model.queues.find((q) => q.priorityLane && fn.eventSources.some((e) => e.queue.id === q.id))?.priorityLane;
    for (const st of fn.statements) {
      for (const r of st.resources) {
        if (typeof r === "string") continue;
        const to = this.#refs.get(`${r.kind}:${r.id}`);
        if (!to) continue;
        const grant = grantEdge(fn, r, st.actions, ownLane?.deferTo?.id === r.id ? ownLane.deferAfterSeconds : undefined);
        if (grant) this.#edges.add(from, to, grant.kind, grant.label, `${fn.id}:${r.kind}:${r.id}`);
      }
    }
    for (const pattern of fn.routingTables) {
      const table = this.#refs.get(`routing:${pattern}`);
      if (table) this.#edges.add(table, from, "data", "bundled into its code", fn.id);
    }
  }

  /** Principals outside the service that topic and queue policies admit, and same-account roles tagged with a tenant. */
  externalSenders(): void {
    for (const t of this.#model.topics) {
      for (const p of t.access.trusted) if (typeof p === "string") this.#edges.add(this.#external(p), this.#ref("topic", t.id), "publish", "publish", t.id);
    }
    const tagged = new Set<string>();
    for (const q of this.#model.queues) {
      const access = q.access;
      if (!access) continue;
      const to = this.#ref("queue", q.id);
      for (const p of access.trusted) if (typeof p === "string") this.#edges.add(this.#external(p), to, "send", "send, any tenant (router or operator)", q.id);
      for (const p of access.taggedRoles ?? []) this.#edges.add(this.#external(p), to, "send", "send as the tenant in its tag", q.id);
      if (access.tenants) {
        const id = nodeId("tagged", access.pattern);
        if (!tagged.has(id)) {
          tagged.add(id);
          this.#node({ id, kind: "external", lines: ["roles and sessions tagged tenant=…", "(this account)"] }, []);
        }
        this.#edges.add(id, to, "send", "send as the tenant in its tag", q.id);
      }
    }
  }

  diagram(): Diagram {
    const m = this.#model;
    const counts = `${m.topics.length} topic(s), ${m.queues.length} queue(s) with ${m.queues.filter((q) => q.deadLetterQueue).length} DLQ(s), ${m.functions.length} function(s), ${m.tables.length} table(s), ${m.buckets.length} bucket(s)`;
    return { title: `${m.stackName} (${m.region}): ${counts}`, clusters: this.#clusters, nodes: [...this.#nodes.values()], edges: this.#edges.edges() };
  }

  #queue(view: PatternView, q: QueueModel, cluster: string): void {
    const lane = q.priorityLane;
    const tenant = view.kind === "tenant-isolated-function" ? q.access?.tenants?.[0] : undefined;
    const what = lane
      ? `${lane.lane} lane queue`
      : view.kind === "fanout"
        ? "subscription queue"
        : view.kind === "shuffle-sharded-queue"
          ? `shard queue ${view.queues.indexOf(q)}`
          : tenant
            ? `silo queue of ${tenant}`
            : "SQS queue";
    const ages = lane ? [lane.deferAfterSeconds !== undefined ? `defers after ${seconds(lane.deferAfterSeconds)}, expires after ${seconds(lane.expireAfterSeconds)}` : `expires after ${seconds(lane.expireAfterSeconds)}`] : [];
    const serves = q.access?.tenants && view.kind === "shuffle-sharded-queue" ? [`serves ${listHead(q.access.tenants)}`] : [];
    this.#node({ id: nodeId("queue", q.id), kind: "queue", lines: [`${what}${q.fifo ? " (FIFO)" : ""}`, q.name, ...ages, ...serves], cluster }, [`queue:${q.id}`]);
    if (q.deadLetterQueue) {
      this.#node({ id: nodeId("dlq", q.id), kind: "dlq", lines: ["DLQ", q.deadLetterQueue.name, `keeps ${seconds(q.deadLetterQueue.messageRetentionSeconds)}`], cluster }, [`dlq:${q.id}`]);
    }
  }

  /** Shards or silos beyond a few: one node for the queues, one for their DLQs (and one for silo functions). */
  #summaryQueues(view: PatternView, cluster: string): void {
    const n = view.queues.length;
    const names = view.queues.map((q) => q.name);
    const dlqs = view.queues.flatMap((q) => (q.deadLetterQueue ? [q.deadLetterQueue.name] : []));
    const sharded = view.kind === "shuffle-sharded-queue";
    const queueLines = sharded
      ? [`${n} shard queues`, nameRange(names), `${view.shardsPerTenant ?? "?"} per tenant, ${view.tenants.length} tenant(s)`]
      : [`${n} tenant queues, one per silo`, nameRange(names), `tenants ${listHead(view.tenants)}`];
    const queues = nodeId("queues", view.name);
    this.#node({ id: queues, kind: "queue", lines: queueLines, members: names, cluster }, view.queues.map((q) => `queue:${q.id}`));
    if (dlqs.length > 0) {
      const id = nodeId("dlqs", view.name);
      this.#node({ id, kind: "dlq", lines: [`${dlqs.length} DLQs, one per ${sharded ? "shard" : "silo"}`, nameRange(dlqs)], members: dlqs, cluster }, view.queues.filter((q) => q.deadLetterQueue).map((q) => `dlq:${q.id}`));
    }
    if (!sharded) {
      const fns = view.consumers;
      const usual = mostCommon(fns.map((f) => f.reservedConcurrency));
      const exceptions = fns.filter((f) => f.reservedConcurrency !== usual).map((f) => `${siloTenant(f)} ${f.reservedConcurrency ?? "unreserved"}`);
      const reservation = `reserved ${usual ?? "none"} each${exceptions.length > 0 ? `; ${listHead(exceptions)}` : ""}`;
      const first = fns[0];
      this.#node(
        {
          id: nodeId("functions", view.name),
          kind: "function",
          lines: [`${fns.length} tenant functions, one per silo`, nameRange(fns.map((f) => f.name)), reservation, ...(first ? [runtimeLine(first)] : [])],
          members: fns.map((f) => f.name),
          cluster,
        },
        fns.map((f) => `function:${f.id}`),
      );
    }
  }

  #function(fn: FunctionModel, cluster: string): void {
    const reserved = fn.reservedConcurrency !== undefined ? [`reserved concurrency ${fn.reservedConcurrency}`] : [];
    const idem = fn.idempotency ? [`idempotent on ${fn.idempotency.keyExpression ?? "the message id"}`] : [];
    const tenant = siloTenant(fn);
    this.#node({ id: nodeId("function", fn.id), kind: "function", lines: [tenant ? `silo function of ${tenant}` : "Lambda function", fn.name, runtimeLine(fn), ...reserved, ...idem], cluster }, [`function:${fn.id}`]);
  }

  #routingTable(view: PatternView, cluster: string): void {
    const table = view.routingTable!;
    const pub = table.publication;
    const id = nodeId("routing", view.name);
    this.#node({ id, kind: "parameter", lines: ["routing table (SSM parameter)", pub.parameter, `${view.tenants.length} tenant(s)${pub.kind === "s3" ? "; points to S3" : ""}`], cluster }, [`routing:${view.name}`]);
    if (pub.kind === "s3") {
      const bucket = nodeId("bucket", pub.bucket.id);
      this.#node({ id: bucket, kind: "bucket", lines: ["S3 routing-table bucket", `${pub.bucket.namePrefix}…`, `object ${pub.key}`], cluster }, [`bucket:${pub.bucket.id}`]);
      this.#edges.add(id, bucket, "data", "points to", view.name);
    }
  }

  #external(arn: string): string {
    const id = nodeId("external", arn);
    if (!this.#nodes.has(id)) this.#node({ id, kind: "external", lines: ["outside the service", ...principalLabel(arn)] }, []);
    return id;
  }

  #node(node: DiagramNode, refs: readonly string[]): void {
    if (!this.#nodes.has(node.id)) this.#nodes.set(node.id, node);
    for (const r of refs) this.#refs.set(r, node.id);
  }

  #ref(kind: string, id: string): string {
    const found = this.#refs.get(`${kind}:${id}`);
    if (!found) throw new Error(`diagram: no node for ${kind} ${id}`);
    return found;
  }

  #clusterOf(pattern: string | undefined): { cluster?: string } {
    return pattern && this.#model.patterns.includes(pattern) ? { cluster: nodeId("cluster", pattern) } : {};
  }
}

function runtimeLine(fn: FunctionModel): string {
  return `${fn.runtime}, ${fn.architecture}, ${fn.memoryMb} MB, ${fn.timeoutSeconds} s`;
}

/** The edge a statement's grant on a stack resource draws, or none (consumption and logs are drawn otherwise). */
function grantEdge(fn: FunctionModel, r: ResourceRef, actions: readonly string[], deferAfter: number | undefined): { kind: EdgeKind; label: string } | undefined {
  const has = (a: string) => actions.includes(a);
  if (r.kind === "topic" && has("sns:Publish")) return { kind: "publish", label: "publish" };
  if (r.kind === "queue" && has("sqs:SendMessage")) return { kind: "send", label: deferAfter !== undefined ? `defer work older than ${seconds(deferAfter)}` : "send" };
  if (r.kind === "dlq" && has("sqs:SendMessage")) return { kind: "dead-letter", label: fn.tenancy ? "dead-letter records of other tenants" : "dead-letter" };
  if (r.kind === "table") {
    if (fn.idempotency?.table.id === r.id) return { kind: "data", label: "idempotency records" };
    return { kind: "data", label: actions.some((a) => /Put|Update|Delete|Write/.test(a)) ? "read, write" : "read" };
  }
  if (r.kind === "bucket") {
    const verbs = [has("s3:GetObject") ? "get" : "", has("s3:PutObject") ? "put" : "", has("s3:DeleteObject") ? "delete" : "", has("s3:ListBucket") ? "list" : ""].filter(Boolean);
    // A silo's grant names its own tenant's prefix; drawn once for all silos, it reads ‹tenant›.
    const tenant = siloTenant(fn);
    const objects = r.objects && tenant ? r.objects.split(`/${tenant}/`).join("/‹tenant›/") : r.objects;
    return verbs.length > 0 ? { kind: "data", label: `${verbs.join(", ")}${objects ? ` ${objects}` : ""}` } : undefined;
  }
  return undefined;
}

function mostCommon<T>(values: readonly T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined;
  let bestCount = 0;
  for (const [v, c] of counts) if (c > bestCount) [best, bestCount] = [v, c];
  return best;
}
