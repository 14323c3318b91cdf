// Reference: loading only what a fan-out stack uses, by deep path, as bulkhead and the baseline do.
import "@cdktf/provider-aws/lib/cloudwatch-log-group";
import "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import "@cdktf/provider-aws/lib/dynamodb-table";
import "@cdktf/provider-aws/lib/iam-role";
import "@cdktf/provider-aws/lib/iam-role-policy";
import "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import "@cdktf/provider-aws/lib/lambda-function";
import "@cdktf/provider-aws/lib/provider";
import "@cdktf/provider-aws/lib/sns-topic";
import "@cdktf/provider-aws/lib/sns-topic-policy";
import "@cdktf/provider-aws/lib/sns-topic-subscription";
import "@cdktf/provider-aws/lib/sqs-queue";
import "@cdktf/provider-aws/lib/sqs-queue-policy";
import "@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy";
import "cdktf";
