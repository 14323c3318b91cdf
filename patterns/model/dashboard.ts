import { metricsNamespace, siloTenant } from "./consumer-function.js";
import { DASHBOARD_LIMITS } from "./limits.js";
import type { DashboardModel, DashboardWidget, FunctionModel, QueueModel, ServiceModel } from "./types.js";

type Metric = readonly (string | Readonly<Record<string, string>>)[];
type Chart = { readonly title: string; readonly stat: string; readonly metrics: readonly Metric[] };
type Layer = { readonly heading: string; readonly charts: readonly Chart[] };

/** The model a dashboard is drawn from: everything but the dashboards and the budget. */
type StackModel = Omit<ServiceModel, "dashboards" | "budget">;

const WIDTH = 8;
const HEIGHT = 6;
const PERIOD = 300;

/**
 * The stack's dashboards, laid out in layers from the front door down: topics, functions (a
 * per-tenant view for tenant silos), queues, dead-letter queues, tables. A layer starts on a new
 * row under a heading; charts fill rows of three. When a dashboard would pass CloudWatch's quotas
 * (widgets, metrics), the rest continues on `<stack>-2`, `-3`, … .
 */
export function dashboards(model: StackModel): DashboardModel[] {
  const layers = [topicLayer(model), ...functionLayers(model), queueLayer(model), deadLetterLayer(model), tableLayer(model)].filter((l) => l.charts.length > 0);
  const pages: DashboardWidget[][] = [[]];
  let y = 0;
  let column = 0;
  let metrics = 0;
  const page = () => pages[pages.length - 1]!;
  const room = (widgets: number, added: number) => page().length + widgets <= DASHBOARD_LIMITS.widgets && metrics + added <= DASHBOARD_LIMITS.metrics;
  const endRow = () => {
    if (column > 0) y += HEIGHT;
    column = 0;
  };
  const heading = (text: string) => {
    page().push({ type: "text", x: 0, y, width: 24, height: 1, properties: { markdown: `## ${text}` } });
    y += 1;
  };
  for (const layer of layers) {
    layer.charts.forEach((chart, i) => {
      if (!room(i === 0 ? 2 : 1, chart.metrics.length)) {
        pages.push([]);
        y = 0;
        column = 0;
        metrics = 0;
        if (i > 0) heading(`${layer.heading} (continued)`);
      }
      if (i === 0) {
        endRow();
        heading(layer.heading);
      }
      page().push(metricWidget(model.region, chart, column * WIDTH, y));
      metrics += chart.metrics.length;
      column += 1;
      if (column === 3) endRow();
    });
  }
  return pages.map((widgets, i) => ({ name: i === 0 ? model.stackName : `${model.stackName}-${i + 1}`, body: { widgets } }));
}

function metricWidget(region: string, chart: Chart, x: number, y: number): DashboardWidget {
  return { type: "metric", x, y, width: WIDTH, height: HEIGHT, properties: { title: chart.title, region, view: "timeSeries", stacked: false, period: PERIOD, stat: chart.stat, metrics: chart.metrics } };
}

function topicLayer(model: StackModel): Layer {
  return {
    heading: "Front door: topics",
    charts: model.topics.map((t) => ({
      title: `${t.name}: published, delivered, failed`,
      stat: "Sum",
      metrics: ["NumberOfMessagesPublished", "NumberOfNotificationsDelivered", "NumberOfNotificationsFailed"].map((m) => ["AWS/SNS", m, "TopicName", t.name]),
    })),
  };
}

/** One layer per pattern's functions: three charts a function, or, for tenant silos, charts with a line per tenant. */
function functionLayers(model: StackModel): Layer[] {
  const byPattern = new Map<string, FunctionModel[]>();
  for (const f of model.functions) byPattern.set(String(f.source[1]), [...(byPattern.get(String(f.source[1])) ?? []), f]);
  return [...byPattern].map(([pattern, functions]) => {
    const silos = functions.every((f) => siloTenant(f) !== undefined);
    return silos ? tenantLayer(model, pattern, functions) : { heading: `Functions: ${pattern}`, charts: functions.flatMap((f) => functionCharts(model, f)) };
  });
}

function functionCharts(model: StackModel, f: FunctionModel): Chart[] {
  const lambda = (metric: string, options: Record<string, string> = {}): Metric => ["AWS/Lambda", metric, "FunctionName", f.name, ...(Object.keys(options).length ? [options] : [])];
  return [
    { title: `${f.name}: invocations, errors, throttles`, stat: "Sum", metrics: [lambda("Invocations"), lambda("Errors"), lambda("Throttles")] },
    {
      title: `${f.name}: duration and concurrency`,
      stat: "p50",
      metrics: [lambda("Duration", { label: "duration p50" }), lambda("Duration", { stat: "p99", label: "duration p99" }), lambda("ConcurrentExecutions", { stat: "Maximum", label: "concurrency", yAxis: "right" })],
    },
    { title: `${f.name}: records`, stat: "Sum", metrics: runtimeMetrics(model, f).map((m) => [metricsNamespace(model), m, "service", model.service, "function", f.name]) },
  ];
}

/** The per-tenant view: each chart has a line per tenant's silo, so a noisy or failing tenant stands out. */
function tenantLayer(model: StackModel, pattern: string, silos: FunctionModel[]): Layer {
  const tenant = (f: FunctionModel) => siloTenant(f) ?? f.name;
  const perTenant = (title: string, stat: string, metric: (f: FunctionModel) => Metric) => chunked(silos, (group, part) => ({ title: `${pattern} by tenant: ${title}${part}`, stat, metrics: group.map(metric) }));
  const lambda = (name: string) => (f: FunctionModel): Metric => ["AWS/Lambda", name, "FunctionName", f.name, { label: tenant(f) }];
  const runtime = (name: string) => (f: FunctionModel): Metric => [metricsNamespace(model), name, "service", model.service, "function", f.name, { label: tenant(f) }];
  return {
    heading: `Tenants: ${pattern}`,
    charts: [
      ...perTenant("invocations", "Sum", lambda("Invocations")),
      ...perTenant("errors", "Sum", lambda("Errors")),
      ...perTenant("throttles", "Sum", lambda("Throttles")),
      ...perTenant("duration p99", "p99", lambda("Duration")),
      ...perTenant("records processed", "Sum", runtime("processed")),
      ...perTenant("records failed", "Sum", runtime("failed")),
      ...perTenant("records of another tenant, dead-lettered", "Sum", runtime("tenantRejected")),
    ],
  };
}

function queueLayer(model: StackModel): Layer {
  const byPattern = groupQueues(model.queues);
  const sqs = (metric: string, queueName: string, label: string, stat?: string): Metric => ["AWS/SQS", metric, "QueueName", queueName, { label, ...(stat ? { stat } : {}) }];
  return {
    heading: "Queues",
    charts: [...byPattern].flatMap(([pattern, queues]) => [
      ...chunked(queues, (group, part) => ({ title: `${pattern}: messages waiting${part}`, stat: "Maximum", metrics: group.map((q) => sqs("ApproximateNumberOfMessagesVisible", q.name, label(q))) })),
      ...chunked(queues, (group, part) => ({ title: `${pattern}: messages in flight${part}`, stat: "Maximum", metrics: group.map((q) => sqs("ApproximateNumberOfMessagesNotVisible", q.name, label(q))) })),
      ...chunked(queues, (group, part) => ({ title: `${pattern}: age of oldest message (s)${part}`, stat: "Maximum", metrics: group.map((q) => sqs("ApproximateAgeOfOldestMessage", q.name, label(q))) })),
    ]),
  };
}

function deadLetterLayer(model: StackModel): Layer {
  const withDlq = model.queues.filter((q) => q.deadLetterQueue);
  return {
    heading: "Dead-letter queues",
    charts: [...groupQueues(withDlq)].flatMap(([pattern, queues]) =>
      chunked(queues, (group, part) => ({
        title: `${pattern}: dead letters${part}`,
        stat: "Maximum",
        metrics: group.map((q) => ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", q.deadLetterQueue!.name, { label: label(q) }]),
      })),
    ),
  };
}

function tableLayer(model: StackModel): Layer {
  return {
    heading: "Tables",
    charts: model.tables.map((t) => ({
      title: `${t.name}: consumed capacity`,
      stat: "Sum",
      metrics: [["AWS/DynamoDB", "ConsumedReadCapacityUnits", "TableName", t.name], ["AWS/DynamoDB", "ConsumedWriteCapacityUnits", "TableName", t.name]],
    })),
  };
}

/**
 * What became of a function's records, as the runtime counts them: every consumer may leave records
 * for a later delivery when time runs short; lanes also defer and expire, tenant-aware consumers reject.
 */
function runtimeMetrics(model: StackModel, f: FunctionModel): string[] {
  const lane = f.eventSources.some((e) => model.queues.find((q) => q.id === e.queue.id)?.priorityLane);
  return ["processed", "duplicate", "failed", "deferredForTime", ...(lane ? ["deferred", "expired"] : []), ...(f.tenancy ? ["tenantRejected"] : [])];
}

function groupQueues(queues: readonly QueueModel[]): Map<string, QueueModel[]> {
  const byPattern = new Map<string, QueueModel[]>();
  for (const q of queues) byPattern.set(q.pattern, [...(byPattern.get(q.pattern) ?? []), q]);
  return byPattern;
}

/** A queue's line: its shard, lane, tenant or subscriber, which its pattern's chart title already names; else the queue's name. */
function label(q: QueueModel): string {
  return q.tags["bulkhead:shard"] ?? q.tags["bulkhead:lane"] ?? q.tags["bulkhead:tenant"] ?? q.tags["bulkhead:subscriber"] ?? q.name;
}

/** Charts of at most DASHBOARD_LIMITS.metricsPerChart lines, numbered when there are several. */
function chunked<T>(items: readonly T[], chart: (group: readonly T[], part: string) => Chart): Chart[] {
  const size = DASHBOARD_LIMITS.metricsPerChart;
  const count = Math.ceil(items.length / size);
  return Array.from({ length: count }, (_, i) => chart(items.slice(i * size, (i + 1) * size), count > 1 ? ` (${i + 1}/${count})` : ""));
}
