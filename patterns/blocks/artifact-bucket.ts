import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket/index.js";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy/index.js";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning/index.js";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js";
import type { TerraformResource } from "cdktf";
import { Construct } from "constructs";
import type { BucketModel } from "../model/types.js";
import { denyInsecureTransport } from "../model/resource-policies.js";
import { policyDocument } from "./policy-documents.js";
import type { ResourceIndex } from "./resource-index.js";

/** Translates a BucketModel: private, encrypted, TLS-only, owner-enforced; versioned and expiring as the model says. */
export class ArtifactBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, model: BucketModel, index: ResourceIndex) {
    super(scope, `bucket-${model.id}`);
    this.bucket = new S3Bucket(this, "bucket", { bucketPrefix: model.namePrefix, tags: { ...model.tags } });
    index.add({ kind: "bucket", id: model.id }, this.bucket.arn);
    // S3 refuses concurrent configuration of one bucket (OperationAborted), so each step waits for the last.
    const publicAccess = new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const ownership = new S3BucketOwnershipControls(this, "ownership", {
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
      dependsOn: [publicAccess],
    });
    const encryption = new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
      dependsOn: [ownership],
    });
    let last: TerraformResource = encryption;
    if (model.versioned ?? true) {
      last = new S3BucketVersioningA(this, "versioning", {
        bucket: this.bucket.id,
        versioningConfiguration: { status: "Enabled" },
        dependsOn: [last],
      });
    }
    if (model.expireAfterDays !== undefined) {
      last = new S3BucketLifecycleConfiguration(this, "lifecycle", {
        bucket: this.bucket.id,
        rule: [
          {
            id: "expire",
            status: "Enabled",
            filter: [{ prefix: "" }],
            expiration: [{ days: model.expireAfterDays }],
            abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
          },
        ],
        dependsOn: [last],
      });
    }
    new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.id,
      dependsOn: [last],
      policy: policyDocument([denyInsecureTransport("s3:*", [this.bucket.arn, `${this.bucket.arn}/*`])]),
    });
  }
}
