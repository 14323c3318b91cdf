import { finding, type Rule } from "../rule.js";

const name = "consumer-idempotent";

/** SQS delivers at least once: a consumer without an idempotency store doubles side effects on redelivery. */
export const consumerIdempotent: Rule = {
  name,
  why: "every queue consumer records what it processed, so redeliveries and retried publishes run once",
  check(model) {
    return model.functions
      .filter((f) => f.eventSources.length > 0)
      .filter((f) => !f.idempotency || !model.tables.some((t) => t.id === f.idempotency!.table.id) || !f.environment.BULKHEAD_IDEMPOTENCY_TABLE)
      .map((f) => finding(name, f.source, `${f.name} consumes a queue without an idempotency table`));
  },
};
