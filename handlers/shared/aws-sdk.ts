import type { S3Client } from "@aws-sdk/client-s3";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { SSMClient } from "@aws-sdk/client-ssm";

/**
 * The AWS SDK clients producers (and consumers, to defer, dead-letter or reach tenant data) use,
 * imported on first use rather than at module load: the one index exports consumers and producers
 * alike, and a consumer that never sends must not pay for loading the SNS or SQS client at cold
 * start (esbuild keeps a dynamic import of an external package dynamic). The default clients are
 * shared by the whole execution environment.
 */
export const sqsSdk = () => import("@aws-sdk/client-sqs");
export const snsSdk = () => import("@aws-sdk/client-sns");
export const ssmSdk = () => import("@aws-sdk/client-ssm");
export const s3Sdk = () => import("@aws-sdk/client-s3");

let sqs: Promise<SQSClient> | undefined;
let sns: Promise<SNSClient> | undefined;
let ssm: Promise<SSMClient> | undefined;
let s3: Promise<S3Client> | undefined;

export const defaultSqsClient = (): Promise<SQSClient> => (sqs ??= sqsSdk().then((m) => new m.SQSClient({})));
export const defaultSnsClient = (): Promise<SNSClient> => (sns ??= snsSdk().then((m) => new m.SNSClient({})));
export const defaultSsmClient = (): Promise<SSMClient> => (ssm ??= ssmSdk().then((m) => new m.SSMClient({})));
export const defaultS3Client = (): Promise<S3Client> => (s3 ??= s3Sdk().then((m) => new m.S3Client({})));

/** The document client a tenant table is read through; it wraps the DynamoDB client the consumer already holds. */
export const dynamoDbDocumentSdk = () => import("@aws-sdk/lib-dynamodb");
