import usEast1 from "./prices/us-east-1.json";

/** Every price the estimate uses, in USD; a region's table must have them all. */
export const PRICE_KEYS = [
  "lambda.requestsPerMillion",
  "lambda.gbSecond.arm64",
  "lambda.gbSecond.x86_64",
  "sqs.standardRequestsPerMillion",
  "sqs.fifoRequestsPerMillion",
  "sns.standardPublishesPerMillion",
  "sns.sqsDeliveriesPerMillion",
  "dynamodb.onDemandWriteUnitsPerMillion",
  "dynamodb.storagePerGbMonth",
  "dynamodb.pitrPerGbMonth",
  "cloudwatch.standardAlarmPerMonth",
  "cloudwatch.dashboardPerMonth",
  "cloudwatch.customMetricPerMonth",
  "cloudwatch.logsIngestionPerGb",
  "cloudwatch.logsStoragePerGbMonth",
  "xray.tracesRecordedPerMillion",
  "s3.standardStoragePerGbMonth",
  "s3.putPerThousand",
  "s3.getPerThousand",
  "kms.customerManagedKeyPerMonth",
] as const;

export type PriceKey = (typeof PRICE_KEYS)[number];

export interface PriceTable {
  readonly region: string;
  /** The day the figures were compiled. */
  readonly compiled: string;
  readonly basis: string;
  readonly prices: Readonly<Record<PriceKey, number>>;
  readonly freeTiers: Readonly<Record<string, string>>;
  /** The file it comes from, for the report. */
  readonly file: string;
}

interface PriceFile {
  readonly region: string;
  readonly compiled: string;
  readonly basis: string;
  readonly prices: Readonly<Record<string, number>>;
  readonly freeTiers: Readonly<Record<string, string>>;
}

/** The dated tables in operate/cost/prices/, one per region whose figures could be sourced. */
const TABLES: Readonly<Record<string, PriceFile>> = { "us-east-1": usEast1 };

/** A region the repository holds no prices for: the estimate refuses rather than guess. */
export class MissingPricesError extends Error {}

export function pricesFor(region: string): PriceTable {
  const file = TABLES[region];
  if (!file) {
    throw new MissingPricesError(
      `no price table for region ${region}: operate/cost/prices/ has ${Object.keys(TABLES).join(", ")}. ` +
        `Add operate/cost/prices/${region}.json with the same keys, the date you compiled it and its sources, and list it in operate/cost/prices.ts`,
    );
  }
  return checked(file, `operate/cost/prices/${region}.json`);
}

export function priceRegions(): string[] {
  return Object.keys(TABLES);
}

function checked(file: PriceFile, path: string): PriceTable {
  const missing = PRICE_KEYS.filter((k) => typeof file.prices[k] !== "number" || !Number.isFinite(file.prices[k]) || file.prices[k]! < 0);
  if (missing.length > 0) throw new Error(`${path} lacks a price for ${missing.join(", ")}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(file.compiled)) throw new Error(`${path}: "compiled" must be a date (YYYY-MM-DD)`);
  return { region: file.region, compiled: file.compiled, basis: file.basis, prices: file.prices as Record<PriceKey, number>, freeTiers: file.freeTiers, file: path };
}
