import type { ServiceModel } from "../model/types.js";
import type { Finding, Rule } from "./rule.js";
import { alarmTopicRegion } from "./rules/alarm-topic-region.js";
import { accountConcurrencyBudget } from "./rules/account-concurrency-budget.js";
import { batchSize } from "./rules/batch-size.js";
import { consumerIdempotent } from "./rules/consumer-idempotent.js";
import { consumerConcurrencyBounded } from "./rules/consumer-concurrency-bounded.js";
import { consumerConcurrencyWithinAccount } from "./rules/consumer-concurrency-within-account.js";
import { deadLetterRetention } from "./rules/dead-letter-retention.js";
import { fifoBatching } from "./rules/fifo-batching.js";
import { fifoNaming } from "./rules/fifo-naming.js";
import { fifoTopicSubscribers } from "./rules/fifo-topic-subscribers.js";
import { functionTimeout } from "./rules/function-timeout.js";
import { idempotencyWindow } from "./rules/idempotency-window.js";
import { iamNoWildcardAction } from "./rules/iam-no-wildcard-action.js";
import { iamNoWildcardResource } from "./rules/iam-no-wildcard-resource.js";
import { iamPolicySize } from "./rules/iam-policy-size.js";
import { iamUniqueSids } from "./rules/iam-unique-sids.js";
import { mappingCapWithinReserved } from "./rules/mapping-cap-within-reserved.js";
import { maxReceiveCount } from "./rules/max-receive-count.js";
import { nameCollision } from "./rules/name-collision.js";
import { noSelfFeedingConsumer } from "./rules/no-self-feeding-consumer.js";
import { payloadSize } from "./rules/payload-size.js";
import { priorityAgeLimits } from "./rules/priority-age-limits.js";
import { priorityLanesOneKey } from "./rules/priority-lanes-one-key.js";
import { sendTargets } from "./rules/send-targets.js";
import { queueDeadLetter } from "./rules/queue-dead-letter.js";
import { queuePolicySize } from "./rules/queue-policy-size.js";
import { redriveOperators } from "./rules/redrive-operators.js";
import { subscriptionDeadLetter } from "./rules/subscription-dead-letter.js";
import { tenantQueueSenders } from "./rules/tenant-queue-senders.js";
import { topicPolicySize } from "./rules/topic-policy-size.js";
import { topicPublishers } from "./rules/topic-publishers.js";
import { visibilityTimeout } from "./rules/visibility-timeout.js";

export type { Finding, Rule } from "./rule.js";

export const guardrails: readonly Rule[] = [
  alarmTopicRegion,
  accountConcurrencyBudget,
  consumerConcurrencyBounded,
  consumerConcurrencyWithinAccount,
  mappingCapWithinReserved,
  consumerIdempotent,
  idempotencyWindow,
  functionTimeout,
  visibilityTimeout,
  queueDeadLetter,
  deadLetterRetention,
  subscriptionDeadLetter,
  maxReceiveCount,
  fifoNaming,
  fifoBatching,
  fifoTopicSubscribers,
  batchSize,
  payloadSize,
  priorityAgeLimits,
  priorityLanesOneKey,
  iamNoWildcardAction,
  iamNoWildcardResource,
  iamUniqueSids,
  iamPolicySize,
  queuePolicySize,
  topicPolicySize,
  nameCollision,
  noSelfFeedingConsumer,
  sendTargets,
  tenantQueueSenders,
  redriveOperators,
  topicPublishers,
];

/** Every rule's findings, after what the resolvers themselves found. */
export function runGuardrails(model: ServiceModel): Finding[] {
  const resolution = model.findings.map((f): Finding => ({ ...f, severity: f.severity ?? "error" }));
  return [...resolution, ...guardrails.flatMap((rule) => rule.check(model))];
}
