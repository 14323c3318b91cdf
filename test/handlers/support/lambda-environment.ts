import { afterAll, beforeAll, vi } from "vitest";
import { DUMMY_CREDENTIALS, REGION } from "./local-dynamodb.js";
import type { LocalServices } from "./local-services.js";
import { startParameterStoreEndpoint } from "./parameter-stores.js";
import { startTraceHeaderProxy } from "./trace-header-proxy.js";
import { startXrayDaemon, type XrayDaemon } from "./xray-daemon.js";

export interface LambdaEnvironment {
  readonly daemon: XrayDaemon;
  /** Secrets Manager and SSM, noting each request's trace header. */
  readonly secretsEndpoint: Awaited<ReturnType<typeof startParameterStoreEndpoint>>;
  /** fauxqs's SNS behind a proxy that notes each call's trace header (fauxqs ignores it). */
  readonly sns: Awaited<ReturnType<typeof startTraceHeaderProxy>>;
}

/**
 * Stubs, for the file, the environment Lambda gives a deployed function, so that Powertools and the
 * runtime behave as they do there: Lambda mode (LAMBDA_TASK_ROOT), an X-Ray daemon stand-in, and the
 * runtime's own clients (made from AWS_ENDPOINT_URL_*) pointed at `local`'s emulators and at the
 * recording endpoints started here. `env` adds variables, or unsets them with undefined: what a
 * test file's case changes (e.g. POWERTOOLS_TRACE_ENABLED). Call it after useLocalServices, whose
 * emulators it needs and which sets the Powertools service name and namespace.
 */
export function useLambdaEnvironment(local: LocalServices, env: Record<string, string | undefined> = {}): LambdaEnvironment {
  let daemon: XrayDaemon | undefined;
  let secretsEndpoint: LambdaEnvironment["secretsEndpoint"] | undefined;
  let sns: LambdaEnvironment["sns"] | undefined;

  beforeAll(async () => {
    [daemon, secretsEndpoint, sns] = await Promise.all([startXrayDaemon(), startParameterStoreEndpoint(), startTraceHeaderProxy(local.aws.server.address)]);
    const lambda: Record<string, string | undefined> = {
      AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
      AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
      LAMBDA_TASK_ROOT: "/var/task",
      _HANDLER: "index.handler",
      AWS_XRAY_DAEMON_ADDRESS: daemon.address,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: local.db.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsEndpoint.endpoint,
      AWS_ENDPOINT_URL_SSM: secretsEndpoint.endpoint,
      AWS_ENDPOINT_URL_SNS: sns.endpoint,
      ...env,
    };
    for (const [name, value] of Object.entries(lambda)) vi.stubEnv(name, value);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await Promise.all([daemon?.stop(), secretsEndpoint?.stop(), sns?.stop()]);
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useLambdaEnvironment's endpoints exist only once its beforeAll has run");
    return value;
  };
  return {
    get daemon() {
      return started(daemon);
    },
    get secretsEndpoint() {
      return started(secretsEndpoint);
    },
    get sns() {
      return started(sns);
    },
  };
}
