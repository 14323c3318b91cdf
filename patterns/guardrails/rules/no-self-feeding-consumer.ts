import { sameRef } from "../lookup.js";
import { finding, type Rule } from "../rule.js";

const name = "no-self-feeding-consumer";

/** A function that consumes a queue it feeds can loop forever, billing every turn. */
export const noSelfFeedingConsumer: Rule = {
  name,
  why: "a consumer that feeds its own queue loops unless the spec says it is meant to (consumesOwnOutput)",
  check(model) {
    return model.functions
      .filter((f) => !f.allowSelfFeed && f.eventSources.some((e) => f.feeds.some((fed) => sameRef(fed, e.queue))))
      .map((f) => finding(name, f.source, `${f.name} consumes a queue it feeds; set consumesOwnOutput: true if that is intended`));
  },
};
