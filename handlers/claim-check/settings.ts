import { bucketNameOf } from "../shared/bucket-arn.js";
import { patternVariable } from "../shared/pattern-variables.js";
import { ClaimCheckConfigError } from "./errors.js";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The claim-check bucket's ARN (`arn:aws:s3:::<name>`), set by the synthesizer on every producer
 * that sends to a pattern whose payload can exceed a hop's limit, and on every consumer of such a
 * pattern's queues.
 */
export const CLAIM_CHECK_BUCKET_VARIABLE = "BULKHEAD_CLAIM_CHECK_BUCKET";

/**
 * Per pattern a producer sends to: bodies of more bytes than this (UTF-8) are offloaded.
 * `order-events` gives `BULKHEAD_CLAIM_CHECK_THRESHOLD_ORDER_EVENTS`, named as topicArnVariable is.
 */
export function claimCheckThresholdVariable(pattern: string): string {
  return patternVariable("BULKHEAD_CLAIM_CHECK_THRESHOLD", pattern);
}

/** A producer's claim check for one pattern. */
export interface ClaimCheckSettings {
  bucketName: string;
  /** Bodies of more bytes than this are offloaded; this many or fewer are sent as they are. */
  thresholdBytes: number;
}

/**
 * The claim check for sending to `pattern`, or undefined when the pattern has no threshold (the
 * bucket alone is no reason to offload: a function may send to several patterns, only some of
 * which need it). Every problem is reported at once.
 */
export function readClaimCheckSettings(env: Env, pattern: string): ClaimCheckSettings | undefined {
  const thresholdName = claimCheckThresholdVariable(pattern);
  const thresholdText = env[thresholdName]?.trim() || undefined;
  if (thresholdText === undefined) return undefined;
  const bucketArn = env[CLAIM_CHECK_BUCKET_VARIABLE]?.trim() || undefined;
  const problems: string[] = [];
  const thresholdBytes = Number(thresholdText);
  if (!Number.isSafeInteger(thresholdBytes) || thresholdBytes <= 0) {
    problems.push(`${thresholdName} must be a positive whole number of bytes, got '${thresholdText}'`);
  }
  const bucketName = bucketArn === undefined ? undefined : bucketNameOf(bucketArn);
  if (bucketArn === undefined) {
    problems.push(
      `${thresholdName} is set but ${CLAIM_CHECK_BUCKET_VARIABLE} is not, so there is no bucket to offload "${pattern}" payloads over the threshold to; ` +
        `the synthesizer sets both together: set ${CLAIM_CHECK_BUCKET_VARIABLE} to the claim-check bucket's ARN (arn:aws:s3:::<name>) or redeploy`,
    );
  } else if (bucketName === undefined) {
    problems.push(`${CLAIM_CHECK_BUCKET_VARIABLE} must be a bucket ARN (arn:aws:s3:::<name>), got '${bucketArn}'`);
  }
  if (problems.length > 0) throw new ClaimCheckConfigError(`bulkhead claim check for "${pattern}": ${problems.join("; ")}`);
  return { bucketName: bucketName!, thresholdBytes };
}
