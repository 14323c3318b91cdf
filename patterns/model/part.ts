import type { FunctionModel, ParameterModel, QueueModel, SubscriptionModel, TopicModel } from "./types.js";

/** What one pattern contributes to a service's model. */
export interface ModelPart {
  topics?: TopicModel[];
  queues?: QueueModel[];
  subscriptions?: SubscriptionModel[];
  functions?: FunctionModel[];
  parameters?: ParameterModel[];
}
