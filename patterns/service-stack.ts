import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import { Lazy, LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { join, relative, sep } from "node:path";
import type { Construct } from "constructs";
import { AlarmTopic } from "./blocks/alarm-topic.js";
import { ALARM_ACTIONS_CONTEXT } from "./blocks/alarms.js";
import type { Bundle } from "./blocks/bundle.js";
import { ConsumerFunction } from "./blocks/consumer-function.js";
import { ArtifactBucket } from "./blocks/artifact-bucket.js";
import { budget } from "./blocks/budget.js";
import { dashboard } from "./blocks/dashboard.js";
import { dynamoTable } from "./blocks/dynamo-table.js";
import { ResilientQueue } from "./blocks/resilient-queue.js";
import { ResourceIndex } from "./blocks/resource-index.js";
import { parameter, publishRoutingTable } from "./blocks/routing-table.js";
import { subscription } from "./blocks/subscription.js";
import { Topic } from "./blocks/topic.js";
import type { ServiceModel } from "./model/types.js";

export interface StackLocation {
  readonly projectRoot: string;
  /** Each function's bundled code, by function name. */
  readonly bundles: ReadonlyMap<string, Bundle>;
  /** The output folder the stack is written to (absolute). */
  readonly outDir: string;
}

/** A project-relative path as Terraform, running in the stack's folder, must name it: relative, forward slashes. */
function fromStackFolder(where: StackLocation, stackName: string, projectPath: string): string {
  return relative(join(where.outDir, "stacks", stackName), join(where.projectRoot, projectPath)).split(sep).join("/");
}

function bundleOf(where: StackLocation, functionName: string): Bundle {
  const bundle = where.bundles.get(functionName);
  if (!bundle) throw new Error(`no bundle was built for ${functionName}`);
  return bundle;
}

/** Both provider majors: teams on 5.100 and on 6.x apply the same JSON. */
export const AWS_PROVIDER_CONSTRAINT = ">= 5.100.0, < 7.0.0";
const S3_LOCKFILE_TERRAFORM = ">= 1.10.0";

/**
 * One Terraform stack per service and environment. It translates the resolved
 * model in dependency order (topics before the queues whose policies name them,
 * queues before their consumers); every decision was made in the model.
 */
export class ServiceStack extends TerraformStack {
  constructor(scope: Construct, model: ServiceModel, where: StackLocation) {
    super(scope, model.stackName);
    // Context is set before the first child; the topic bulkhead creates is named once it exists.
    let alarmTopicArn: string | undefined;
    const alarmActions = model.alarmTopic ? [Lazy.stringValue({ produce: () => alarmTopicArn })] : model.alarmActions;
    this.node.setContext(ALARM_ACTIONS_CONTEXT, alarmActions);
    new AwsProvider(this, "aws", { region: model.region, defaultTags: [{ tags: { ...model.defaultTags } }] });
    if (model.alarmTopic) alarmTopicArn = new AlarmTopic(this, model.alarmTopic).arn;
    this.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: AWS_PROVIDER_CONSTRAINT });
    if (model.backend.kind === "local") {
      new LocalBackend(this, { path: fromStackFolder(where, model.stackName, model.backend.path) });
    } else {
      new S3Backend(this, { bucket: model.backend.bucket, key: model.backend.key, region: model.backend.region, encrypt: true });
      this.addOverride("terraform.backend.s3.use_lockfile", model.backend.useLockfile);
      // S3-native locking arrived in Terraform 1.10; older versions fail init with "Unsupported argument".
      this.addOverride("terraform.required_version", S3_LOCKFILE_TERRAFORM);
    }
    const index = new ResourceIndex();
    for (const topic of model.topics) new Topic(this, topic, index);
    for (const queue of model.queues) new ResilientQueue(this, queue, index);
    for (const s of model.subscriptions) subscription(this, s, index);
    for (const table of model.tables) dynamoTable(this, table, index);
    for (const bucket of model.buckets) new ArtifactBucket(this, bucket, index);
    for (const table of model.routingTables) publishRoutingTable(this, table, index);
    for (const p of model.parameters) parameter(this, p, index);
    for (const fn of model.functions) new ConsumerFunction(this, fn, index, bundleOf(where, fn.name));
    for (const d of model.dashboards) dashboard(this, d);
    if (model.budget) budget(this, model.budget);
  }
}
