import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { startLocalAws, type LocalAws } from "./fauxqs.js";
import { startLocalDynamoDB, type LocalDynamoDB } from "./local-dynamodb.js";
import { captureOutput, type CapturedOutput } from "./output.js";

/** The example service's idempotency table, as the synthesizer names it. */
export const IDEMPOTENCY_TABLE = "orders-dev-idempotency";

export interface LocalServicesOptions {
  /** Start fauxqs (SQS, SNS, S3) besides dynalite. Default true; off where only DynamoDB is used, one emulator less to start. */
  fauxqs?: boolean;
  /** Created in dynalite before the first test. Default IDEMPOTENCY_TABLE. */
  idempotencyTable?: string;
  /**
   * Stubbed as POWERTOOLS_SERVICE_NAME and POWERTOOLS_METRICS_NAMESPACE for the file (Powertools reads
   * them, not the consumer config). `false` leaves the environment alone, for a test that sets it whole.
   */
  powertools?: { service: string; namespace?: string } | false;
}

/** What useLocalServices started; read it in tests and hooks, not while the file is collected. */
export interface LocalServices {
  readonly aws: LocalAws;
  readonly db: LocalDynamoDB;
  readonly idempotencyTable: string;
  /** What Powertools wrote during the current test only: captured anew before each test. */
  readonly output: CapturedOutput;
}

/**
 * Registers the hooks a handler test file needs: dynalite with the idempotency table (and fauxqs)
 * for the whole file, the Powertools environment, and output captured around each test. Call it
 * before the file's own hooks: its beforeAll then runs first (and its afterAll last), so a file
 * can create its queues and tables in a beforeAll of its own.
 */
export function useLocalServices(options: LocalServicesOptions = {}): LocalServices {
  const { fauxqs = true, idempotencyTable = IDEMPOTENCY_TABLE, powertools = { service: "orders", namespace: "bulkhead-test" } } = options;
  let aws: LocalAws | undefined;
  let db: LocalDynamoDB | undefined;
  let output: CapturedOutput | undefined;

  beforeAll(async () => {
    if (powertools) {
      vi.stubEnv("POWERTOOLS_SERVICE_NAME", powertools.service);
      if (powertools.namespace !== undefined) vi.stubEnv("POWERTOOLS_METRICS_NAMESPACE", powertools.namespace);
    }
    [aws, db] = await Promise.all([fauxqs ? startLocalAws() : undefined, startLocalDynamoDB()]);
    await db.createIdempotencyTable(idempotencyTable);
  });
  afterAll(async () => {
    if (powertools) vi.unstubAllEnvs();
    await Promise.all([aws?.stop(), db?.stop()]);
  });
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => output?.restore());

  // Getters, because the services exist only once the beforeAll has run.
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not there: not asked for, or used before useLocalServices' hooks ran`);
    return value;
  };
  return {
    get aws() {
      return started(aws, "fauxqs");
    },
    get db() {
      return started(db, "dynalite");
    },
    idempotencyTable,
    get output() {
      return started(output, "captured output");
    },
  };
}
