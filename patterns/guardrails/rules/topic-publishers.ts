import { finding, type Rule } from "../rule.js";

const name = "topic-publishers";

/** A topic's policy denies every publisher it does not name: with none, the fan-out never runs. */
export const topicPublishers: Rule = {
  name,
  why: "a topic whose policy trusts no publisher (no sendsTo, no externalPublishers) refuses every message",
  check(model) {
    return model.topics
      .filter((t) => t.access.trusted.length === 0)
      .map((t) =>
        finding(
          name,
          t.access.source,
          `nobody may publish to topic ${t.name}: add "${t.access.pattern}" to a function's sendsTo, or name the roles outside the service under externalPublishers`,
          "warning",
        ),
      );
  },
};
