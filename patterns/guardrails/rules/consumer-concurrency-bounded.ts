import { finding, type Rule } from "../rule.js";

const name = "consumer-concurrency-bounded";

/** An unbounded consumer scales to the account limit and throttles every other function. */
export const consumerConcurrencyBounded: Rule = {
  name,
  why: "a queue backlog scales an unbounded consumer up to the account limit",
  check(model) {
    return model.functions
      .filter((f) => f.reservedConcurrency === undefined && f.eventSources.some((e) => e.maximumConcurrency === undefined))
      .map((f) => finding(name, f.source, `${f.name} has neither reserved concurrency nor a maximum concurrency on its event source`));
  },
};
