import { policyJson, type ArnOf } from "../model/resource-policies.js";
import type { ResourceRef, ServiceModel } from "../model/types.js";

/** A 12-digit account id: the ARNs are estimated at their real length. */
const ACCOUNT = "123456789012";
/** S3 appends this many characters to a bucket_prefix. */
const BUCKET_SUFFIX = "x".repeat(26);

/** A resource's ARN as AWS will write it, for guardrails that estimate policy sizes. */
export function estimatedArn(model: ServiceModel, ref: ResourceRef): string {
  const at = (service: string, resource: string) => `arn:aws:${service}:${model.region}:${ACCOUNT}:${resource}`;
  const fn = () => model.functions.find((f) => f.id === ref.id)?.name ?? ref.id;
  switch (ref.kind) {
    case "queue":
      return at("sqs", model.queues.find((q) => q.id === ref.id)?.name ?? ref.id);
    case "dlq":
      return at("sqs", model.queues.find((q) => q.id === ref.id)?.deadLetterQueue?.name ?? ref.id);
    case "topic":
      return at("sns", model.topics.find((t) => t.id === ref.id)?.name ?? ref.id);
    case "table":
      return at("dynamodb", `table/${model.tables.find((t) => t.id === ref.id)?.name ?? ref.id}`);
    case "logGroup":
      return at("logs", `log-group:/aws/lambda/${fn()}:*`);
    case "function":
      return at("lambda", `function:${fn()}`);
    case "role":
      return `arn:aws:iam::${ACCOUNT}:role/${model.functions.find((f) => f.id === ref.id)?.roleName ?? ref.id}`;
    case "parameter":
      return at("ssm", `parameter${model.parameters.find((p) => p.id === ref.id)?.name ?? ref.id}`);
    case "bucket": {
      const published = model.routingTables.flatMap((t) => (t.publication.kind === "s3" ? [t.publication.bucket] : []));
      const prefix = [...published, ...model.buckets].find((b) => b.id === ref.id)?.namePrefix ?? ref.id;
      return `arn:aws:s3:::${prefix}${BUCKET_SUFFIX}${ref.objects ? `/${ref.objects}` : ""}`;
    }
  }
}

/** A resource policy's size in bytes as AWS counts it, its statements rendered with ARNs of realistic length. */
export function estimatedPolicyBytes(model: ServiceModel, resource: ResourceRef, statements: (arn: string, arnOf: ArnOf) => object[]): number {
  return Buffer.byteLength(policyJson(statements(estimatedArn(model, resource), (ref) => estimatedArn(model, ref))), "utf8");
}
