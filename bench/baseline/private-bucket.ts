import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket/index.js";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy/index.js";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning/index.js";
import type { Construct } from "constructs";
import { denyInsecureTransport, policy } from "./policies.js";

/** A bucket nobody outside the account reads: no public access, owner-enforced, encrypted, versioned, TLS only. */
export function privateBucket(scope: Construct, id: string, bucketPrefix: string, tags: Record<string, string>): S3Bucket {
  const bucket = new S3Bucket(scope, id, { bucketPrefix, tags });
  // S3 refuses concurrent changes to one bucket's configuration (OperationAborted): one after another.
  const publicAccess = new S3BucketPublicAccessBlock(scope, `${id}-public-access-block`, {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  const ownership = new S3BucketOwnershipControls(scope, `${id}-ownership`, {
    bucket: bucket.id,
    rule: { objectOwnership: "BucketOwnerEnforced" },
    dependsOn: [publicAccess],
  });
  const encryption = new S3BucketServerSideEncryptionConfigurationA(scope, `${id}-encryption`, {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    dependsOn: [ownership],
  });
  const versioning = new S3BucketVersioningA(scope, `${id}-versioning`, {
    bucket: bucket.id,
    versioningConfiguration: { status: "Enabled" },
    dependsOn: [encryption],
  });
  new S3BucketPolicy(scope, `${id}-policy`, {
    bucket: bucket.id,
    policy: policy([denyInsecureTransport("s3:*", [bucket.arn, `${bucket.arn}/*`])]),
    dependsOn: [versioning],
  });
  return bucket;
}
