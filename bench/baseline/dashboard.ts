import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard/index.js";
import { literal } from "./escape.js";
import { lanesOf } from "./priority-queue.js";
import { serviceFunctions, type ServiceFunction } from "./service-functions.js";
import { namePrefix, type StackContext } from "./stack-context.js";

// CloudWatch allows 500 widgets and 2,500 metrics a dashboard; the team keeps a chart to 100 lines, the most one can read.
const MAX_WIDGETS = 500;
const MAX_METRICS = 2500;
const MAX_LINES = 100;
// Three charts a row on CloudWatch's 24-column grid, five-minute points.
const WIDTH = 8;
const HEIGHT = 6;
const PERIOD = 300;

type Metric = (string | Record<string, string>)[];
interface Chart {
  readonly title: string;
  readonly stat: string;
  readonly metrics: Metric[];
}
interface Section {
  readonly heading: string;
  readonly charts: Chart[];
}
/** A queue by name, and its line's label: its subscriber, shard, lane or tenant. */
interface Queue {
  readonly name: string;
  readonly label: string;
}

/**
 * The stack's dashboards, from the front door down: topics, each pattern's functions (a line
 * per tenant for tenant silos), queues, DLQs, tables. A section starts a new row under its
 * heading, charts fill rows of three; past a quota the rest goes on `<stack>-2`, `-3`, … .
 * Made after the functions (it only names resources, so the order is for reading).
 */
export function dashboards(ctx: StackContext): void {
  const stackName = `${ctx.service.service}-${ctx.env}`;
  const sections = [topicSection(ctx), ...functionSections(ctx), queueSection(ctx), deadLetterSection(ctx), tableSection(ctx)].filter((s) => s.charts.length > 0);
  const pages: object[][] = [[]];
  let y = 0;
  let column = 0;
  let metrics = 0;
  const endRow = () => {
    if (column > 0) y += HEIGHT;
    column = 0;
  };
  const heading = (text: string) => {
    pages[pages.length - 1]!.push({ type: "text", x: 0, y, width: 24, height: 1, properties: { markdown: `## ${text}` } });
    y += 1;
  };
  for (const section of sections) {
    section.charts.forEach((chart, i) => {
      const widgets = i === 0 ? 2 : 1;
      if (pages[pages.length - 1]!.length + widgets > MAX_WIDGETS || metrics + chart.metrics.length > MAX_METRICS) {
        pages.push([]);
        y = 0;
        column = 0;
        metrics = 0;
        // A page that starts inside a section says whose charts it continues.
        if (i > 0) heading(`${section.heading} (continued)`);
      }
      if (i === 0) {
        endRow();
        heading(section.heading);
      }
      pages[pages.length - 1]!.push({
        type: "metric",
        x: column * WIDTH,
        y,
        width: WIDTH,
        height: HEIGHT,
        properties: { title: chart.title, region: ctx.service.region, view: "timeSeries", stacked: false, period: PERIOD, stat: chart.stat, metrics: chart.metrics },
      });
      metrics += chart.metrics.length;
      column += 1;
      if (column === 3) endRow();
    });
  }
  pages.forEach((widgets, i) => {
    const name = i === 0 ? stackName : `${stackName}-${i + 1}`;
    new CloudwatchDashboard(ctx.stack, `dashboard-${name}`, { dashboardName: name, dashboardBody: literal(JSON.stringify({ widgets })) });
  });
}

function topicSection(ctx: StackContext): Section {
  const topics = ctx.service.patternOrder.filter((p) => p in ctx.service.fanouts).map((p) => namePrefix(ctx, p));
  return {
    heading: "Front door: topics",
    charts: topics.map((topic) => ({
      title: `${topic}: published, delivered, failed`,
      stat: "Sum",
      metrics: ["NumberOfMessagesPublished", "NumberOfNotificationsDelivered", "NumberOfNotificationsFailed"].map((m) => ["AWS/SNS", m, "TopicName", topic]),
    })),
  };
}

/** A section per pattern: three charts a function, or for tenant silos, charts with a line per tenant. */
function functionSections(ctx: StackContext): Section[] {
  const { service } = ctx;
  const functions = serviceFunctions(ctx);
  const namespace = `bulkhead/${service.service}`;
  // What the handler library counts per invocation: lanes also defer and expire, a shard consumer also rejects tenants.
  const recordMetrics = (pattern: string) => [
    "processed",
    "duplicate",
    "failed",
    "deferredForTime",
    ...(pattern in service.priorityQueues ? ["deferred", "expired"] : []),
    ...(pattern in service.shardedQueues ? ["tenantRejected"] : []),
  ];
  return service.patternOrder.map((pattern) => {
    const own = functions.filter((f) => f.pattern === pattern);
    if (pattern in service.tenantSilos) return tenantSection(namespace, service.service, pattern, own);
    return {
      heading: `Functions: ${pattern}`,
      charts: own.flatMap((f) => {
        const lambda = (metric: string, options?: Record<string, string>): Metric => ["AWS/Lambda", metric, "FunctionName", f.name, ...(options ? [options] : [])];
        return [
          { title: `${f.name}: invocations, errors, throttles`, stat: "Sum", metrics: [lambda("Invocations"), lambda("Errors"), lambda("Throttles")] },
          {
            title: `${f.name}: duration and concurrency`,
            stat: "p50",
            metrics: [
              lambda("Duration", { label: "duration p50" }),
              lambda("Duration", { stat: "p99", label: "duration p99" }),
              lambda("ConcurrentExecutions", { stat: "Maximum", label: "concurrency", yAxis: "right" }),
            ],
          },
          { title: `${f.name}: records`, stat: "Sum", metrics: recordMetrics(pattern).map((m) => [namespace, m, "service", service.service, "function", f.name]) },
        ];
      }),
    };
  });
}

/** Each chart a line per tenant's silo, so that a noisy or failing tenant stands out. */
function tenantSection(namespace: string, service: string, pattern: string, silos: ServiceFunction[]): Section {
  const perTenant = (title: string, stat: string, metric: (f: ServiceFunction) => Metric) =>
    chunks(silos).map(([group, part]) => ({ title: `${pattern} by tenant: ${title}${part}`, stat, metrics: group.map(metric) }));
  const lambda = (metric: string) => (f: ServiceFunction): Metric => ["AWS/Lambda", metric, "FunctionName", f.name, { label: f.tenant! }];
  const records = (metric: string) => (f: ServiceFunction): Metric => [namespace, metric, "service", service, "function", f.name, { label: f.tenant! }];
  return {
    heading: `Tenants: ${pattern}`,
    charts: [
      ...perTenant("invocations", "Sum", lambda("Invocations")),
      ...perTenant("errors", "Sum", lambda("Errors")),
      ...perTenant("throttles", "Sum", lambda("Throttles")),
      ...perTenant("duration p99", "p99", lambda("Duration")),
      ...perTenant("records processed", "Sum", records("processed")),
      ...perTenant("records failed", "Sum", records("failed")),
      ...perTenant("records of another tenant, dead-lettered", "Sum", records("tenantRejected")),
    ],
  };
}

/** Every pattern's queues in the spec's order, each with its line's label. */
function queuesByPattern(ctx: StackContext): [string, Queue[]][] {
  const { service } = ctx;
  return service.patternOrder.map((pattern) => {
    const prefix = namePrefix(ctx, pattern);
    const queue = (label: string): Queue => ({ name: `${prefix}-${label}`, label });
    const fanout = service.fanouts[pattern];
    if (fanout) return [pattern, Object.keys(fanout.subscribers).map(queue)];
    const sharded = service.shardedQueues[pattern];
    if (sharded) return [pattern, Array.from({ length: sharded.shards }, (_, shard) => queue(String(shard)))];
    const priority = service.priorityQueues[pattern];
    if (priority) return [pattern, lanesOf(priority).map(({ lane }) => queue(lane))];
    return [pattern, service.tenantSilos[pattern]!.tenants.map(queue)];
  });
}

function queueSection(ctx: StackContext): Section {
  const sqs = (metric: string) => (q: Queue): Metric => ["AWS/SQS", metric, "QueueName", q.name, { label: q.label }];
  return {
    heading: "Queues",
    charts: queuesByPattern(ctx).flatMap(([pattern, queues]) => [
      ...chunks(queues).map(([group, part]) => ({ title: `${pattern}: messages waiting${part}`, stat: "Maximum", metrics: group.map(sqs("ApproximateNumberOfMessagesVisible")) })),
      ...chunks(queues).map(([group, part]) => ({ title: `${pattern}: messages in flight${part}`, stat: "Maximum", metrics: group.map(sqs("ApproximateNumberOfMessagesNotVisible")) })),
      ...chunks(queues).map(([group, part]) => ({ title: `${pattern}: age of oldest message (s)${part}`, stat: "Maximum", metrics: group.map(sqs("ApproximateAgeOfOldestMessage")) })),
    ]),
  };
}

/** Every queue of the baseline has a DLQ, `<queue>-dlq`. */
function deadLetterSection(ctx: StackContext): Section {
  return {
    heading: "Dead-letter queues",
    charts: queuesByPattern(ctx).flatMap(([pattern, queues]) =>
      chunks(queues).map(([group, part]) => ({
        title: `${pattern}: dead letters${part}`,
        stat: "Maximum",
        metrics: group.map((q) => ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", `${q.name}-dlq`, { label: q.label }]),
      })),
    ),
  };
}

/** The idempotency table, then the silos' data tables. */
function tableSection(ctx: StackContext): Section {
  const { service } = ctx;
  const silosWithData = service.patternOrder.filter((p) => service.tenantSilos[p]?.dataTable);
  const tables = [`${service.service}-${ctx.env}-idempotency`, ...silosWithData.map((p) => `${namePrefix(ctx, p)}-data`)];
  return {
    heading: "Tables",
    charts: tables.map((table) => ({
      title: `${table}: consumed capacity`,
      stat: "Sum",
      metrics: [
        ["AWS/DynamoDB", "ConsumedReadCapacityUnits", "TableName", table],
        ["AWS/DynamoDB", "ConsumedWriteCapacityUnits", "TableName", table],
      ],
    })),
  };
}

/** Groups of at most MAX_LINES, each with its `(i/n)` title suffix when there are several. */
function chunks<T>(items: readonly T[]): [T[], string][] {
  const count = Math.ceil(items.length / MAX_LINES);
  return Array.from({ length: count }, (_, i) => [items.slice(i * MAX_LINES, (i + 1) * MAX_LINES), count > 1 ? ` (${i + 1}/${count})` : ""]);
}
