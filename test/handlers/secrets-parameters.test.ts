import { ResourceNotFoundException } from "@aws-sdk/client-secrets-manager";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RecordHandler, SqsConsumerOptions } from "../../handlers/index.js";
import { consumerUnderTest, uniqueName } from "./support/consumer.js";
import { withEnv } from "./support/env.js";
import { failedIds, rawRecord } from "./support/events.js";
import { DUMMY_CREDENTIALS, REGION } from "./support/local-dynamodb.js";
import { useLocalServices } from "./support/local-services.js";
import { startParameterStoreEndpoint, stubSecretsManager, stubSsm } from "./support/parameter-stores.js";

// As the synthesizer writes them for a consumer whose spec names these (see test/support/operations-project.ts).
const SECRETS = {
  ledgerApiKey: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ledger/api-key-AbCdEf",
  webhookSecret: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ledger/webhook-GhIjKl",
};
const PARAMETERS = {
  featureFlags: "arn:aws:ssm:eu-west-1:123456789012:parameter/ops/feature-flags",
  signingKey: "arn:aws:ssm:eu-west-1:123456789012:parameter/ops/signing-key",
};
const VARIABLES = { BULKHEAD_SECRETS: JSON.stringify(SECRETS), BULKHEAD_PARAMETERS: JSON.stringify(PARAMETERS), BULKHEAD_PARAMETERS_CACHE_SECONDS: "300" };

const local = useLocalServices({ fauxqs: false });
afterEach(() => {
  vi.useRealTimers();
});

/** A ledger consumer configured by `env` as the synthesizer does, on its own function name. */
function ledger(handler: RecordHandler<unknown>, env: Record<string, string> = VARIABLES, options: SqsConsumerOptions = {}) {
  return consumerUnderTest(local, handler, { functionName: uniqueName("ops-prod-events-ledger"), env, options }).invokeWith;
}

const batch = (size: number) => Array.from({ length: size }, (_, i) => rawRecord({ entry: i }));

describe("scope.secrets and scope.parameters", () => {
  it("fetch each value once per cache time (BULKHEAD_PARAMETERS_CACHE_SECONDS), however many records and invocations read it", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = new Date("2026-03-01T12:00:00Z").getTime();
    vi.setSystemTime(start);
    const secretsManager = stubSecretsManager();
    const ssm = stubSsm();
    const seen: string[][] = [];
    const invoke = ledger(
      async (_entry, { secrets, parameters }) => {
        seen.push([await secrets.get("ledgerApiKey"), await secrets.get("webhookSecret"), await parameters.get("featureFlags"), await parameters.get("signingKey")]);
      },
      VARIABLES,
      { secretsManager: secretsManager.client, ssm: ssm.client },
    );

    // Three invocations of ten records each, then more within the 300 s.
    for (let i = 0; i < 3; i++) expect(failedIds(await invoke(...batch(10)))).toEqual([]);
    vi.setSystemTime(start + 299_000);
    await invoke(...batch(10));

    expect(secretsManager.count("GetSecretValueCommand")).toBe(2);
    expect(ssm.count("GetParameterCommand")).toBe(2);
    // By ARN, the only names the role may read; parameters decrypted.
    expect(secretsManager.calls.map((c) => c.input)).toEqual([{ SecretId: SECRETS.ledgerApiKey }, { SecretId: SECRETS.webhookSecret }]);
    expect(ssm.calls.map((c) => c.input)).toEqual([
      { Name: PARAMETERS.featureFlags, WithDecryption: true },
      { Name: PARAMETERS.signingKey, WithDecryption: true },
    ]);
    expect(new Set(seen.map((values) => values.join()))).toEqual(new Set([[`${SECRETS.ledgerApiKey} v1`, `${SECRETS.webhookSecret} v1`, `${PARAMETERS.featureFlags} v1`, `${PARAMETERS.signingKey} v1`].join()]));

    // Past the cache time: one more fetch of each, then cached again.
    vi.setSystemTime(start + 301_000);
    await invoke(...batch(10));
    await invoke(...batch(10));

    expect(secretsManager.count("GetSecretValueCommand")).toBe(4);
    expect(ssm.count("GetParameterCommand")).toBe(4);
    expect(seen.at(-1)).toEqual([`${SECRETS.ledgerApiKey} v2`, `${SECRETS.webhookSecret} v2`, `${PARAMETERS.featureFlags} v2`, `${PARAMETERS.signingKey} v2`]);
  });

  it("share one fetch among concurrent reads of a name", async () => {
    const secretsManager = stubSecretsManager();
    const invoke = ledger(
      async (_entry, { secrets }) => {
        const values = await Promise.all([secrets.get("ledgerApiKey"), secrets.get("ledgerApiKey"), secrets.get("ledgerApiKey")]);
        expect(new Set(values).size).toBe(1);
      },
      VARIABLES,
      { secretsManager: secretsManager.client },
    );

    expect(failedIds(await invoke(...batch(2)))).toEqual([]);

    expect(secretsManager.count("GetSecretValueCommand")).toBe(1);
  });

  it("refuse a name the spec does not give, listing the ones it does, and fail only that record", async () => {
    const secretsManager = stubSecretsManager();
    const ssm = stubSsm();
    const invoke = ledger(
      async (entry, { secrets, parameters }) => {
        if ((entry as { entry: number }).entry === 0) await secrets.get("ledgerApikey");
        if ((entry as { entry: number }).entry === 1) await parameters.get("ledgerApiKey");
      },
      { BULKHEAD_SECRETS: VARIABLES.BULKHEAD_SECRETS },
      { secretsManager: secretsManager.client, ssm: ssm.client },
    );
    const records = batch(3);

    expect(failedIds(await invoke(...records))).toEqual([records[0]!.messageId, records[1]!.messageId]);

    const errors = local.output.logs().filter((line) => line.message === "record failed; reported for retry").map((line) => [line.error.name, line.error.message]);
    expect(errors).toEqual([
      ["UnknownValueNameError", 'no secret named "ledgerApikey": this consumer\'s spec names: ledgerApiKey, webhookSecret (under the consumer\'s `secrets`)'],
      ["UnknownValueNameError", 'no parameter named "ledgerApiKey": this consumer\'s spec names no parameters (under the consumer\'s `parameters`)'],
    ]);
    expect(secretsManager.calls).toEqual([]);
    expect(ssm.calls).toEqual([]);
  });

  it("fail the record, naming the value, when it cannot be read, and fetch it again on the retry", async () => {
    const secretsManager = stubSecretsManager((id, n) => {
      if (n === 1) throw new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} });
      return id === SECRETS.webhookSecret ? { SecretBinary: new Uint8Array([1, 2, 3]) } : { SecretString: "s3cr3t" };
    });
    const invoke = ledger(async (_entry, { secrets }) => void (await secrets.get("ledgerApiKey")), VARIABLES, { secretsManager: secretsManager.client });
    const binary = ledger(async (_entry, { secrets }) => void (await secrets.get("webhookSecret")), VARIABLES, { secretsManager: secretsManager.client });
    const [record] = batch(1);

    await expect(invoke(record!)).rejects.toThrow("All records failed");
    expect(failedIds(await invoke(record!))).toEqual([]);
    await expect(binary(...batch(1))).rejects.toThrow("All records failed");
    await expect(binary(...batch(1))).rejects.toThrow("All records failed");

    const errors = local.output.logs().filter((line) => line.message === "record failed; reported for retry").map((line) => [line.error.name, line.error.message]);
    expect(errors).toEqual([
      ["ValueReadError", `cannot read secret "ledgerApiKey" (${SECRETS.ledgerApiKey}): Secrets Manager can't find the specified secret.`],
      ["ValueReadError", `cannot read secret "webhookSecret" (${SECRETS.webhookSecret}): Secrets Manager can't find the specified secret.`],
      ["ValueReadError", `secret "webhookSecret" (${SECRETS.webhookSecret}) is binary (SecretBinary); get reads text (SecretString) only`],
    ]);
    // The value itself is never logged.
    expect(JSON.stringify(local.output.logs())).not.toContain("s3cr3t");
  });

  it("are read through clients the providers create from the environment alone when none is given", async () => {
    const endpoint = await startParameterStoreEndpoint();
    try {
      const values: string[] = [];
      const invoke = ledger(async (_entry, { secrets, parameters }) => {
        values.push(await secrets.get("ledgerApiKey"), await parameters.get("signingKey"));
      });
      const lambdaEnv = {
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
        // The AWS SDK's own per-service endpoint variables, as for DynamoDB elsewhere.
        AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint.endpoint,
        AWS_ENDPOINT_URL_SSM: endpoint.endpoint,
      };

      await withEnv(lambdaEnv, async () => {
        expect(failedIds(await invoke(...batch(3)))).toEqual([]);
      });

      expect(values).toEqual(Array.from({ length: 3 }, () => [`secret of ${SECRETS.ledgerApiKey}`, `parameter ${PARAMETERS.signingKey}`]).flat());
      expect(endpoint.requests).toEqual([
        { target: "secretsmanager.GetSecretValue", body: { SecretId: SECRETS.ledgerApiKey } },
        { target: "AmazonSSM.GetParameter", body: { Name: PARAMETERS.signingKey, WithDecryption: true } },
      ]);
    } finally {
      await endpoint.stop();
    }
  });
});
