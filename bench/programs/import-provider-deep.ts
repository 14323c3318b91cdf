// Reference: loading, by deep path as bulkhead and the baseline do, only the provider modules
// whose resources the bench's cases emit (the baseline's imports). Modules bulkhead loads for
// features no case uses (an alarm topic's KMS key, a budget, a bucket lifecycle) are not here.
import "@cdktf/provider-aws/lib/cloudwatch-dashboard/index.js";
import "@cdktf/provider-aws/lib/cloudwatch-log-group/index.js";
import "@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js";
import "@cdktf/provider-aws/lib/dynamodb-table/index.js";
import "@cdktf/provider-aws/lib/iam-role/index.js";
import "@cdktf/provider-aws/lib/iam-role-policy/index.js";
import "@cdktf/provider-aws/lib/lambda-event-source-mapping/index.js";
import "@cdktf/provider-aws/lib/lambda-function/index.js";
import "@cdktf/provider-aws/lib/provider/index.js";
import "@cdktf/provider-aws/lib/s3-bucket/index.js";
import "@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js";
import "@cdktf/provider-aws/lib/s3-bucket-policy/index.js";
import "@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js";
import "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js";
import "@cdktf/provider-aws/lib/s3-bucket-versioning/index.js";
import "@cdktf/provider-aws/lib/s3-object/index.js";
import "@cdktf/provider-aws/lib/sns-topic/index.js";
import "@cdktf/provider-aws/lib/sns-topic-policy/index.js";
import "@cdktf/provider-aws/lib/sns-topic-subscription/index.js";
import "@cdktf/provider-aws/lib/sqs-queue/index.js";
import "@cdktf/provider-aws/lib/sqs-queue-policy/index.js";
import "@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy/index.js";
import "@cdktf/provider-aws/lib/ssm-parameter/index.js";
import "cdktf";
