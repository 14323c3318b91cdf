import { publishedEvent } from "../payloads.js";
import { EXAMPLE_ACCOUNT, type HandlerPlan, type PatternContext, type PatternPlan } from "../plan.js";

/** An SNS fan-out with two subscribers: one acts on each event, one keeps a record of all. */
export function fanout(name: string, ctx: PatternContext): PatternPlan {
  const payload = publishedEvent(name);
  const subscriber = (sub: string, logMessage: string, doc: string[], placeholder: string[]) => ({
    name: sub,
    handler: {
      file: `handlers/${name}-${sub}.ts`,
      test: `handlers/${name}-${sub}.test.ts`,
      payload,
      businessFunction: "processEvent",
      doc,
      placeholder,
      logMessage,
      role: `the subscriber \`${sub}\` of \`${name}\``,
    } satisfies HandlerPlan,
  });
  const subscribers = [
    subscriber(
      "process",
      "event processed",
      [`Acts on each event published to \`${name}\`.`],
      ["Business logic goes here: act on the event (update your store, call the service it concerns),", "passing eventId as the idempotency key of any call that takes one."],
    ),
    subscriber(
      "audit",
      "event recorded",
      [`Keeps a record of every event published to \`${name}\`, whatever its type.`],
      ["Business logic goes here: write the event to your audit store, keyed on eventId."],
    ),
  ];
  return {
    type: "fanout",
    name,
    spec: {
      name,
      publisherRole: `arn:aws:iam::${EXAMPLE_ACCOUNT}:role/${ctx.service}-publisher`,
      subscribers: subscribers.map((s) => ({ name: s.name, handler: s.handler.file, idempotencyKey: payload.idempotencyKey })),
    },
    handlers: subscribers.map((s) => s.handler),
    e2e: {
      title: `an event published to ${name} is processed once by each subscriber`,
      payload,
      options: undefined,
      functions: subscribers.map((s) => ({ source: ["patterns", name, "subscribers", s.name] })),
    },
  };
}
