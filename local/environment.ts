import type { FunctionModel } from "../patterns/model/types.js";
import { LOCAL_CREDENTIALS, type LocalEndpoints } from "./emulators.js";
import type { LocalResources } from "./provision.js";

/**
 * A function's environment as Lambda would give it: the variables the model sets (each resource
 * reference as the local resource's ARN, as the stack's resource index resolves it), the ones
 * Lambda itself sets, and what points the AWS SDK at the emulators. Nothing of the developer's
 * own environment gets in: a deployed function sees none of it either, and their AWS profile or
 * credentials must never reach code that thinks it talks to the emulators.
 */
export function functionEnvironment(fn: FunctionModel, resources: LocalResources, endpoints: LocalEndpoints, region: string, folder: string): Record<string, string> {
  const fromModel = Object.fromEntries(Object.entries(fn.environment).map(([name, value]) => [name, typeof value === "string" ? value : resources.arn(value)]));
  return {
    ...fromModel,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    // The host fauxqs puts in queue URLs: the SDK sends to a queue URL's host, and warns when it differs from its endpoint.
    AWS_ENDPOINT_URL_SQS: queueUrlHost(endpoints.sqs, region),
    AWS_ENDPOINT_URL_SNS: endpoints.sns,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    // Any other AWS service a handler calls (SSM, Secrets Manager) reaches fauxqs, which refuses it, rather than AWS.
    AWS_ENDPOINT_URL: endpoints.sqs,
    // The warning is about this machine's Node.js, not the function's runtime (which Lambda would provide).
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    // No shared config or credentials files, no instance metadata: the SDK finds only what is above.
    AWS_CONFIG_FILE: `${folder}/no-aws-config`,
    AWS_SHARED_CREDENTIALS_FILE: `${folder}/no-aws-credentials`,
    AWS_EC2_METADATA_DISABLED: "true",
    TZ: "UTC",
    // Not AWS_EXECUTION_ENV: Powertools' Tracer takes its absence for "not in Lambda" and stays off,
    // so active tracing writes no segments (there is no X-Ray daemon here to take them).
    LAMBDA_TASK_ROOT: folder,
  };
}

/** `http://127.0.0.1:4566` as fauxqs names the host of its queue URLs: `http://sqs.<region>.localhost:4566`. */
function queueUrlHost(endpoint: string, region: string): string {
  const url = new URL(endpoint);
  url.hostname = `sqs.${region}.localhost`;
  return url.origin;
}
