import { AWS_LIMITS } from "../../model/limits.js";
import { topicPolicyStatements } from "../../model/resource-policies.js";
import { estimatedPolicyBytes } from "../estimated-arn.js";
import { finding, type Rule } from "../rule.js";

const name = "topic-policy-size";

/**
 * SNS refuses a topic policy over 30 KB, at apply. A topic lists the role of every function that
 * publishes to it, and tenant silos publish one role each: a few hundred silos outgrow it.
 */
export const topicPolicySize: Rule = {
  name,
  why: "a topic policy over SNS's 30 KB (one role per publishing function, silos included) fails only at apply",
  check(model) {
    return model.topics.flatMap((topic) => {
      const bytes = estimatedPolicyBytes(model, { kind: "topic", id: topic.id }, (arn, arnOf) => topicPolicyStatements(arn, topic, arnOf));
      if (bytes <= AWS_LIMITS.snsPolicyBytes) return [];
      return [
        finding(
          name,
          topic.source,
          `topic ${topic.name}'s policy would be about ${bytes} bytes, above SNS's limit of ${AWS_LIMITS.snsPolicyBytes}, which fails at apply: ` +
            `it names ${topic.access.trusted.length} publishers; publish from fewer functions (e.g. one router instead of every tenant's silo)`,
        ),
      ];
    });
  },
};
