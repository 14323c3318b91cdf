import type { BucketModel, FunctionModel, ParameterModel, QueueModel, ResolutionFinding, ResourceRef, RoutingTableModel, SubscriptionModel, TableModel, TopicModel } from "./types.js";

/** What a function that sends to a pattern needs: the resources and the actions on them. */
export interface Ingress {
  readonly targets: readonly ResourceRef[];
  readonly actions: readonly string[];
  /** Set when senders route by tenant and need the pattern's routing table. */
  readonly routed: boolean;
  /** What senders need to find the targets at run time: a topic's ARN, or literal settings. */
  readonly environment?: Readonly<Record<string, ResourceRef | string>>;
  /** Rights senders need on resources they do not send to (a producer reading a lane's backlog). */
  readonly observe?: { readonly targets: readonly ResourceRef[]; readonly actions: readonly string[] };
}

/** What one pattern contributes to a service's model. */
export interface ModelPart {
  topics?: TopicModel[];
  queues?: QueueModel[];
  subscriptions?: SubscriptionModel[];
  functions?: FunctionModel[];
  parameters?: ParameterModel[];
  tables?: TableModel[];
  buckets?: BucketModel[];
  routingTables?: RoutingTableModel[];
  /** How other functions of the service send to this pattern. */
  ingress?: Ingress;
  findings?: ResolutionFinding[];
}
