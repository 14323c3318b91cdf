/**
 * The baseline: the infrastructure bulkhead generates, written by hand the way a team
 * would without bulkhead: one cdktf stack per environment, deep provider imports, loops
 * over the fan-out subscribers and the shards, the defaults as constants, the shard
 * assignments read from the lock file. No spec parsing, validation, guardrails or model.
 * Usage: handwritten.ts CASE_JSON OUT_DIR
 */
import { readFileSync } from "node:fs";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, LocalBackend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { Environment, ServiceCase } from "../service-case.js";
import { fanoutSubscribers, fanoutTopic } from "./fanout.js";
import { shardedQueue } from "./sharded-queue.js";
import { namePrefix, type StackContext } from "./stack-context.js";

class ServiceStack extends TerraformStack {
  constructor(scope: Construct, service: ServiceCase, env: string, environment: Environment) {
    super(scope, `${service.service}-${env}`);
    new AwsProvider(this, "aws", { region: service.region, defaultTags: [{ tags: { service: service.service, environment: env, "managed-by": "bulkhead" } }] });
    this.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: ">= 5.100.0, < 7.0.0" });
    new LocalBackend(this, { path: "terraform.tfstate" });
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
    const ctx: StackContext = { stack: this, service, env, alarmTopicArn: environment.alarmTopicArn, idempotencyTable, topics };
    for (const [pattern, fanout] of Object.entries(service.fanouts)) fanoutSubscribers(ctx, pattern, fanout);
    for (const [pattern, queue] of Object.entries(service.shardedQueues)) shardedQueue(ctx, pattern, queue);
  }
}

const [casePath, outDir] = process.argv.slice(2);
if (!casePath || !outDir) throw new Error("usage: handwritten.ts CASE_JSON OUT_DIR");
const service = JSON.parse(readFileSync(casePath, "utf8")) as ServiceCase;
const app = new App({ outdir: outDir });
for (const [env, environment] of Object.entries(service.environments)) new ServiceStack(app, service, env, environment);
app.synth();
