import { finding, type Finding, type Rule } from "../rule.js";

const name = "priority-age-limits";

/**
 * A priority lane defers work older than deferAfterSeconds and drops work older than
 * expireAfterSeconds. Deferring at or after expiry would never defer; expiring after the queue's
 * retention would let SQS delete the work first, uncounted and unalarmed.
 */
export const priorityAgeLimits: Rule = {
  name,
  why: "aged work must be deferred before it expires, and expire (counted, alarmed) before SQS silently deletes it",
  check(model) {
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const q of model.queues) {
      const lane = q.priorityLane;
      if (!lane) continue;
      if (lane.deferAfterSeconds !== undefined && lane.deferAfterSeconds >= lane.expireAfterSeconds && !reported.has(lane.pattern)) {
        reported.add(lane.pattern);
        findings.push(
          finding(
            name,
            [...lane.source, "deferAfterSeconds"],
            `must be less than expireAfterSeconds (${lane.expireAfterSeconds}), got ${lane.deferAfterSeconds}: work would expire in the high lane before it is ever deferred`,
          ),
        );
      }
      if (lane.expireAfterSeconds > q.messageRetentionSeconds) {
        findings.push(
          finding(
            name,
            [...lane.source, "expireAfterSeconds"],
            `must be at most the ${lane.lane} lane's message retention (${q.messageRetentionSeconds} s, queue ${q.name}), got ${lane.expireAfterSeconds}: ` +
              `SQS would delete older work before the runtime can count it as expired; lower expireAfterSeconds or raise queue.messageRetentionSeconds`,
          ),
        );
      }
    }
    return findings;
  },
};
