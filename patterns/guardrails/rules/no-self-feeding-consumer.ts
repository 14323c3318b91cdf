import type { ResourceRef, ServiceModel } from "../../model/types.js";
import { sameRef } from "../lookup.js";
import { finding, type Rule } from "../rule.js";

const name = "no-self-feeding-consumer";

/** A function that consumes a queue it feeds, directly or through a fan-out topic, can loop forever, billing every turn. */
export const noSelfFeedingConsumer: Rule = {
  name,
  why: "a consumer that feeds its own queue (directly or through a topic it publishes to) loops unless the spec says it is meant to (consumesOwnOutput)",
  check(model) {
    return model.functions
      .filter((f) => !f.allowSelfFeed && f.eventSources.some((e) => fedQueues(model, f.feeds).some((fed) => sameRef(fed, e.queue))))
      .map((f) => finding(name, f.source, `${f.name} consumes a queue it feeds; set consumesOwnOutput: true if that is intended`));
  },
};

/** What a function's messages reach: the queues it sends to, and the queues subscribed to the topics it publishes to. */
function fedQueues(model: ServiceModel, feeds: readonly ResourceRef[]): ResourceRef[] {
  return feeds.flatMap((fed) => (fed.kind === "topic" ? model.subscriptions.filter((s) => s.topic.id === fed.id).map((s) => s.queue) : [fed]));
}
