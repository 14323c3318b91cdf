/**
 * The messages generated handlers take: which fields, how each is checked, and sample values for
 * their tests. Data only; templates/partials/ts/check-*.hbs render each kind of check.
 */

/** How a field is checked; each has a partial `ts/check-<kind>`. */
export type FieldCheck = "id" | "time" | "count" | "tenant";

/** What the check's error says after the field's name; the handler and its test both use it. */
const PROBLEMS: Readonly<Record<FieldCheck, string>> = {
  id: "must be a non-empty string",
  time: "must be an ISO 8601 time",
  count: "must be a positive integer",
  tenant: "must be the tenant the message came from",
};

export interface PayloadField {
  readonly name: string;
  readonly type: "string" | "number";
  readonly check: FieldCheck;
  readonly problem: string;
  readonly doc: string;
  /** A valid value, for tests and the end-to-end message. */
  readonly sample: string | number;
  /** A value of the right type that the check rejects. */
  readonly bad: string | number;
}

export interface Payload {
  /** The TypeScript interface's name. */
  readonly name: string;
  /** The variable that holds one, in the handler and its test. */
  readonly variable: string;
  readonly doc: readonly string[];
  readonly fields: readonly PayloadField[];
  /** Fields the business function logs and returns (its stored result). */
  readonly resultFields: readonly string[];
  /** The spec's idempotencyKey: JMESPath into the payload. */
  readonly idempotencyKey: string;
}

/** A field of the given kind; its problem comes from the kind, so handler and test agree. */
function field(name: string, check: FieldCheck, doc: string, sample: string | number, bad: string | number): PayloadField {
  return { name, type: check === "count" ? "number" : "string", check, problem: PROBLEMS[check], doc, sample, bad };
}

const SAMPLE_TIME = "2025-01-01T12:00:00.000Z";

/** An event on a fan-out topic, as one subscriber reads it. */
export function publishedEvent(pattern: string): Payload {
  return {
    name: "PublishedEvent",
    variable: "event",
    doc: [
      `An event published to the \`${pattern}\` topic, as this subscriber reads it: the fields it uses,`,
      "so that publishers may add others without breaking it.",
    ],
    fields: [
      field("eventId", "id", "Unique per event: the spec's idempotencyKey, so a republished or redelivered event runs once.", "event-1", ""),
      field("eventType", "id", "What happened, e.g. ItemCreated.", "ItemCreated", ""),
      field("occurredAt", "time", "When it happened (ISO 8601).", SAMPLE_TIME, "yesterday"),
    ],
    resultFields: ["eventId", "eventType"],
    idempotencyKey: "eventId",
  };
}

/** A tenant's request on a shuffle-sharded queue. */
export function tenantRequest(pattern: string, tenant: string): Payload {
  return {
    name: "TenantRequest",
    variable: "request",
    doc: [`One tenant's request, sent to \`${pattern}\` through the shard router with the tenant it belongs to.`],
    fields: [
      field("tenantId", "tenant", "The tenant it belongs to: the tenant it was sent as, which the runtime has already matched to the queue.", tenant, otherThan(tenant)),
      field("requestId", "id", "Unique within the tenant; with tenantId, the spec's idempotencyKey.", "request-1", ""),
      field("quantity", "count", "How many items the request is for.", 3, 0),
    ],
    resultFields: ["tenantId", "requestId", "quantity"],
    idempotencyKey: "[tenantId, requestId]",
  };
}

/** Work on a priority queue, in whichever lane. */
export function job(pattern: string): Payload {
  return {
    name: "Job",
    variable: "job",
    doc: [`One piece of work sent to \`${pattern}\`, high priority by default or low.`],
    fields: [
      field("jobId", "id", "Unique per job: the spec's idempotencyKey, shared by the lanes, so a deferred job runs once.", "job-1", ""),
      field("task", "id", "What to do, e.g. send-welcome-email.", "send-welcome-email", ""),
      field("requestedAt", "time", "When it was asked for (ISO 8601).", SAMPLE_TIME, "yesterday"),
    ],
    resultFields: ["jobId", "task"],
    idempotencyKey: "jobId",
  };
}

/** Work for one tenant's silo. */
export function tenantTask(pattern: string, tenant: string): Payload {
  return {
    name: "TenantTask",
    variable: "task",
    doc: [`One task for a tenant's own silo of \`${pattern}\`, sent through the tenant router.`],
    fields: [
      field("tenantId", "tenant", "The tenant it is for: this silo's own tenant.", tenant, otherThan(tenant)),
      field("taskId", "id", "Unique per task: the spec's idempotencyKey.", "task-1", ""),
      field("requestedAt", "time", "When it was asked for (ISO 8601).", SAMPLE_TIME, "yesterday"),
    ],
    resultFields: ["tenantId", "taskId"],
    idempotencyKey: "taskId",
  };
}

/** A tenant id that is not `tenant`, for the test that a message for another tenant is refused. */
function otherThan(tenant: string): string {
  return tenant === "someone-else" ? "someone-other" : "someone-else";
}
