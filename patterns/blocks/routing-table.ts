import { S3Object } from "@cdktf/provider-aws/lib/s3-object/index.js";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter/index.js";
import { Fn } from "cdktf";
import type { Construct } from "constructs";
import type { ParameterModel, RoutingTableModel } from "../model/types.js";
import { ArtifactBucket } from "./artifact-bucket.js";
import { terraformLiteral } from "./literal.js";
import type { ResourceIndex } from "./resource-index.js";

/** Publishes a routing table too large for SSM as an S3 object; SSM then points to it. */
export function publishRoutingTable(scope: Construct, model: RoutingTableModel, index: ResourceIndex): void {
  if (model.publication.kind !== "s3") return;
  const { bucket } = new ArtifactBucket(scope, model.publication.bucket, index);
  new S3Object(scope, `routing-table-${model.pattern}`, {
    bucket: bucket.id,
    key: model.publication.key,
    content: terraformLiteral(model.content),
    contentType: "application/json",
  });
}

/** Translates a ParameterModel into a Standard-tier String parameter. */
export function parameter(scope: Construct, model: ParameterModel, index: ResourceIndex): SsmParameter {
  const value =
    model.value.kind === "text"
      ? terraformLiteral(model.value.text)
      : Fn.jsonencode({ s3: { bucket: bucketName(index.arn(model.value.bucket)), key: model.value.key } });
  return new SsmParameter(scope, `parameter-${model.id}`, {
    name: model.name,
    type: "String",
    tier: "Standard",
    value,
    description: model.description,
    tags: { ...model.tags },
  });
}

/** A bucket's name from its ARN (`arn:aws:s3:::name`), so the index only needs to keep ARNs. */
function bucketName(arn: string): string {
  return Fn.element(Fn.split(":::", arn), 1);
}
