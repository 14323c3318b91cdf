/**
 * The baseline: the infrastructure bulkhead generates, written by hand the way a team
 * would without bulkhead: one cdktf stack per environment, deep provider imports, loops
 * over the fan-out subscribers, the shards, the priority lanes and the tenants' silos, a dashboard
 * of them all, X-Ray tracing unless the service turns it off, the defaults as constants, the
 * shard assignments read from the lock file, every handler bundled by esbuild before any
 * stack is built (one build per set of routing tables compiled in). No spec
 * parsing, validation, guardrails or model. The bench compiles it to JavaScript and runs
 * it with plain node, as a team would ship it.
 * Usage: handwritten.mjs CASE_JSON OUT_DIR
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table/index.js";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import { App, LocalBackend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { Environment, ServiceCase } from "../service-case.js";
import { bundleHandlers, type HandlerCode } from "./bundle-handlers.js";
import { consumerSettings, handlerEntry } from "./consumer-settings.js";
import { dashboards } from "./dashboard.js";
import { DELETION_PROTECTION } from "./defaults.js";
import { fanoutSubscribers, fanoutTopic } from "./fanout.js";
import { priorityConsumers, priorityLanes } from "./priority-queue.js";
import { routingTableContent } from "./routing-table.js";
import { serviceFunctions } from "./service-functions.js";
import { shardConsumer, shardQueues } from "./sharded-queue.js";
import type { PriorityLanes, QueueWithDlq, StackContext } from "./stack-context.js";
import { siloConsumers, siloQueues } from "./tenant-silos.js";

class ServiceStack extends TerraformStack {
  constructor(scope: Construct, service: ServiceCase, env: string, environment: Environment, code: ReadonlyMap<string, HandlerCode>, outDir: string) {
    super(scope, `${service.service}-${env}`);
    new AwsProvider(this, "aws", { region: service.region, defaultTags: [{ tags: { service: service.service, environment: env, "managed-by": "bulkhead", "bulkhead:stack": `${service.service}-${env}` } }] });
    this.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: ">= 5.100.0, < 7.0.0" });
    // State beside the project, not in the output folder a later synth replaces; the path is relative to the stack's folder.
    const stateFile = join(service.projectRoot, `terraform.${this.node.id}.tfstate`);
    new LocalBackend(this, { path: relative(join(outDir, "stacks", this.node.id), stateFile).split(sep).join("/") });
    const deletionProtection = environment.deletionProtection ?? DELETION_PROTECTION;
    const idempotencyTable = new DynamodbTable(this, "idempotency", {
      name: `${service.service}-${env}-idempotency`,
      billingMode: "PAY_PER_REQUEST",
      deletionProtectionEnabled: deletionProtection,
      hashKey: "id",
      attribute: [{ name: "id", type: "S" }],
      ttl: { attributeName: "expiration", enabled: true },
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      tags: { "bulkhead:pattern": "idempotency" },
    });
    // Filled in as the functions are made; the topic and queue policies made first trust their senders' roles.
    const roles = new Map<string, IamRole>();
    const topics = new Map(Object.entries(service.fanouts).map(([pattern, fanout]) => [pattern, fanoutTopic(this, { service, env, roles }, pattern, fanout)]));
    const lanes = new Map<string, PriorityLanes>();
    const tenantQueues = new Map<string, readonly QueueWithDlq[]>();
    const ctx: StackContext = { stack: this, service, env, alarmTopicArn: environment.alarmTopicArn, deletionProtection, idempotencyTable, topics, lanes, tenantQueues, roles, code };
    for (const [pattern, queue] of Object.entries(service.priorityQueues)) lanes.set(pattern, priorityLanes(ctx, pattern, queue));
    for (const [pattern, queue] of Object.entries(service.shardedQueues)) tenantQueues.set(pattern, shardQueues(ctx, pattern, queue));
    for (const [pattern, silos] of Object.entries(service.tenantSilos)) tenantQueues.set(pattern, siloQueues(ctx, pattern, silos));
    for (const [pattern, fanout] of Object.entries(service.fanouts)) fanoutSubscribers(ctx, pattern, fanout);
    for (const [pattern, queue] of Object.entries(service.shardedQueues)) shardConsumer(ctx, pattern, queue);
    for (const [pattern, queue] of Object.entries(service.priorityQueues)) priorityConsumers(ctx, pattern, queue);
    for (const [pattern, silos] of Object.entries(service.tenantSilos)) siloConsumers(ctx, pattern, silos);
    dashboards(ctx);
  }
}

/**
 * Every function's code in every environment, by environment and function name, bundled before
 * any stack is built, for the oldest runtime among them. A function that routes by tenant has
 * the routing tables of the environment compiled in (they name its queues).
 */
async function packageHandlers(service: ServiceCase, workDir: string): Promise<Map<string, Map<string, HandlerCode>>> {
  const functions = Object.keys(service.environments).flatMap((env) => serviceFunctions({ service, env }).map((fn) => ({ env, fn })));
  const requests = functions.map(({ env, fn }) => ({
    entry: handlerEntry(service, fn.consumer),
    routingTables: fn.routingTables.map((pattern) => [pattern, routingTableContent({ service, env }, pattern)] as const),
  }));
  const target = functions.some(({ fn }) => consumerSettings({ service }, fn.consumer).fn.runtime === "nodejs20.x") ? "node20" : "node22";
  const code = await bundleHandlers(service.projectRoot, requests, target, workDir);
  const byEnv = new Map(Object.keys(service.environments).map((env) => [env, new Map<string, HandlerCode>()]));
  functions.forEach(({ env, fn }, i) => byEnv.get(env)!.set(fn.name, code[i]!));
  return byEnv;
}

const [casePath, outArg] = process.argv.slice(2);
if (!casePath || !outArg) throw new Error("usage: handwritten.mjs CASE_JSON OUT_DIR");
const outDir = resolve(outArg);
const service = JSON.parse(readFileSync(casePath, "utf8")) as ServiceCase;
const workDir = mkdtempSync(join(tmpdir(), "baseline-bundles-"));
try {
  const code = await packageHandlers(service, workDir);
  const app = new App({ outdir: outDir });
  for (const [env, environment] of Object.entries(service.environments)) new ServiceStack(app, service, env, environment, code.get(env)!, outDir);
  app.synth();
} finally {
  // synth copied the zips into the output; the originals are litter.
  rmSync(workDir, { recursive: true, force: true });
}
