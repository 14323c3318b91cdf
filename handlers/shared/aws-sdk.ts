import type { S3Client } from "@aws-sdk/client-s3";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { runtimeTracing } from "./tracing.js";

/**
 * The AWS SDK clients producers (and consumers, to defer, dead-letter or reach tenant data) use,
 * imported on first use rather than at module load: the one index exports consumers and producers
 * alike, and a consumer that never sends must not pay for loading the SNS or SQS client at cold
 * start (esbuild keeps a dynamic import of an external package dynamic). The default clients are
 * shared by the whole execution environment, and captured by its Tracer (when tracing is on), so
 * their calls are subsegments of the record (or invocation) that makes them and carry its trace
 * header. Clients passed in by callers are used as they are.
 */
export const sqsSdk = () => import("@aws-sdk/client-sqs");
export const snsSdk = () => import("@aws-sdk/client-sns");
export const ssmSdk = () => import("@aws-sdk/client-ssm");
export const s3Sdk = () => import("@aws-sdk/client-s3");

let sqs: Promise<SQSClient> | undefined;
let sns: Promise<SNSClient> | undefined;
let ssm: Promise<SSMClient> | undefined;
let s3: Promise<S3Client> | undefined;

/** A default client: created once, captured by the execution environment's Tracer. */
const traced = <C>(create: () => Promise<C>): Promise<C> => Promise.all([create(), runtimeTracing()]).then(([client, tracing]) => tracing.capture(client));

export const defaultSqsClient = (): Promise<SQSClient> => (sqs ??= traced(() => sqsSdk().then((m) => new m.SQSClient({}))));
export const defaultSnsClient = (): Promise<SNSClient> => (sns ??= traced(() => snsSdk().then((m) => new m.SNSClient({}))));
export const defaultSsmClient = (): Promise<SSMClient> => (ssm ??= traced(() => ssmSdk().then((m) => new m.SSMClient({}))));
export const defaultS3Client = (): Promise<S3Client> => (s3 ??= traced(() => s3Sdk().then((m) => new m.S3Client({}))));

/** The document client a tenant table is read through; it wraps the DynamoDB client the consumer already holds. */
export const dynamoDbDocumentSdk = () => import("@aws-sdk/lib-dynamodb");
