/**
 * The baseline: the infrastructure bulkhead generates, written by hand the way a team
 * would without bulkhead: one cdktf stack per environment, deep provider imports, loops
 * over the fan-out subscribers, the shards and the priority lanes, the defaults as constants, the shard
 * assignments read from the lock file, every handler bundled in one esbuild call. No spec
 * parsing, validation, guardrails or model. The bench compiles it to JavaScript and runs
 * it with plain node, as a team would ship it.
 * Usage: handwritten.mjs CASE_JSON OUT_DIR
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table/index.js";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import { App, LocalBackend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { Consumer, Environment, ServiceCase } from "../service-case.js";
import { bundleHandlers, type HandlerCode } from "./bundle-handlers.js";
import { consumerSettings, handlerEntry } from "./consumer-settings.js";
import { fanoutSubscribers, fanoutTopic } from "./fanout.js";
import { shardedQueue } from "./sharded-queue.js";
import { lanesOf, priorityConsumers, priorityLanes } from "./priority-queue.js";
import { namePrefix, type PriorityLanes, type StackContext } from "./stack-context.js";

class ServiceStack extends TerraformStack {
  constructor(scope: Construct, service: ServiceCase, env: string, environment: Environment, code: ReadonlyMap<string, HandlerCode>, outDir: string) {
    super(scope, `${service.service}-${env}`);
    new AwsProvider(this, "aws", { region: service.region, defaultTags: [{ tags: { service: service.service, environment: env, "managed-by": "bulkhead" } }] });
    this.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: ">= 5.100.0, < 7.0.0" });
    // State beside the project, not in the output folder a later synth replaces; the path is relative to the stack's folder.
    const stateFile = join(service.projectRoot, `terraform.${this.node.id}.tfstate`);
    new LocalBackend(this, { path: relative(join(outDir, "stacks", this.node.id), stateFile).split(sep).join("/") });
    const idempotencyTable = new DynamodbTable(this, "idempotency", {
      name: `${service.service}-${env}-idempotency`,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "id",
      attribute: [{ name: "id", type: "S" }],
      ttl: { attributeName: "expiration", enabled: true },
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      tags: { "bulkhead:pattern": "idempotency" },
    });
    const topics = new Map(Object.keys(service.fanouts).map((pattern) => [pattern, fanoutTopic(this, namePrefix({ service, env }, pattern), pattern)]));
    const lanes = new Map<string, PriorityLanes>();
    const ctx: StackContext = { stack: this, service, env, alarmTopicArn: environment.alarmTopicArn, idempotencyTable, topics, lanes, code };
    for (const [pattern, queue] of Object.entries(service.priorityQueues)) lanes.set(pattern, priorityLanes(ctx, pattern, queue));
    for (const [pattern, fanout] of Object.entries(service.fanouts)) fanoutSubscribers(ctx, pattern, fanout);
    for (const [pattern, queue] of Object.entries(service.shardedQueues)) shardedQueue(ctx, pattern, queue);
    for (const [pattern, queue] of Object.entries(service.priorityQueues)) priorityConsumers(ctx, pattern, queue);
  }
}

/** Every consumer's code, bundled once for all environments; one build, for the oldest runtime among them. */
async function packageHandlers(service: ServiceCase, workDir: string): Promise<Map<string, HandlerCode>> {
  const consumers: Consumer[] = [
    ...Object.values(service.fanouts).flatMap((f) => Object.values(f.subscribers)),
    ...Object.values(service.shardedQueues).map((q) => q.consumer),
    ...Object.values(service.priorityQueues).flatMap((q) => lanesOf(q).map((l) => l.consumer)),
  ];
  const entries = [...new Set(consumers.map((c) => handlerEntry(service, c)))];
  const target = consumers.some((c) => consumerSettings({ service }, c).fn.runtime === "nodejs20.x") ? "node20" : "node22";
  return bundleHandlers(service.projectRoot, entries, target, workDir);
}

const [casePath, outArg] = process.argv.slice(2);
if (!casePath || !outArg) throw new Error("usage: handwritten.mjs CASE_JSON OUT_DIR");
const outDir = resolve(outArg);
const service = JSON.parse(readFileSync(casePath, "utf8")) as ServiceCase;
const workDir = mkdtempSync(join(tmpdir(), "baseline-bundles-"));
try {
  const code = await packageHandlers(service, workDir);
  const app = new App({ outdir: outDir });
  for (const [env, environment] of Object.entries(service.environments)) new ServiceStack(app, service, env, environment, code, outDir);
  app.synth();
} finally {
  // synth copied the zips into the output; the originals are litter.
  rmSync(workDir, { recursive: true, force: true });
}
