import { createSocket } from "node:dgram";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { assertLoopback } from "./local-dynamodb.js";

/** A (sub)segment as the X-Ray SDK sends it to the daemon (the fields the tests read). */
export interface XrayDocument {
  id: string;
  name: string;
  trace_id?: string;
  parent_id?: string;
  type?: string;
  namespace?: string;
  annotations?: Record<string, string | number | boolean>;
  metadata?: Record<string, Record<string, unknown>>;
  fault?: boolean;
  error?: boolean;
  cause?: { exceptions?: { message?: string; type?: string }[] };
  aws?: { operation?: string };
  subsegments?: XrayDocument[];
}

export interface XrayDaemon {
  /** `127.0.0.1:<port>`, for AWS_XRAY_DAEMON_ADDRESS. */
  address: string;
  /**
   * Every subsegment received so far, flattened: one sent with its closed children nested (a
   * record with its SDK calls) gives each child too, its parent_id and trace_id filled in.
   */
  subsegments(): XrayDocument[];
  /** Waits (up to 5 s) until `ready` holds of the subsegments received, and returns them. */
  waitFor(ready: (subsegments: XrayDocument[]) => boolean): Promise<XrayDocument[]>;
  stop(): Promise<void>;
}

/**
 * A stand-in for the X-Ray daemon: a UDP socket on loopback collecting what the X-Ray SDK sends
 * (each datagram a `{"format":"json","version":1}` header line, then one JSON document). In Lambda
 * the SDK streams each subsegment on its own when it closes, as the facade segment is Lambda's.
 */
export async function startXrayDaemon(): Promise<XrayDaemon> {
  const socket = createSocket("udp4");
  const received: XrayDocument[] = [];
  socket.on("message", (datagram) => {
    const body = datagram.toString("utf8").split("\n").slice(1).join("\n");
    received.push(JSON.parse(body) as XrayDocument);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const address = socket.address() as AddressInfo;
  try {
    assertLoopback("X-Ray daemon stand-in", address);
  } catch (error) {
    socket.close();
    throw error;
  }

  const flatten = (doc: XrayDocument, parent?: XrayDocument): XrayDocument[] => {
    const own: XrayDocument = { ...doc, ...(parent ? { parent_id: parent.id, trace_id: parent.trace_id } : {}) };
    return [own, ...(doc.subsegments ?? []).flatMap((child) => flatten(child, own))];
  };
  const subsegments = () => received.flatMap((doc) => flatten(doc));

  return {
    address: `127.0.0.1:${address.port}`,
    subsegments,
    async waitFor(ready) {
      for (let waited = 0; waited < 5000; waited += 20) {
        if (ready(subsegments())) return subsegments();
        await sleep(20);
      }
      throw new Error(`the X-Ray daemon stand-in did not receive what was expected; it has: ${JSON.stringify(subsegments().map((s) => s.name))}`);
    },
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** A trace header as Lambda puts it in `_X_AMZN_TRACE_ID` for a sampled invocation, with a fresh trace id. */
export function lambdaTraceHeader(): { header: string; traceId: string; parentId: string } {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join("");
  const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-${hex(24)}`;
  const parentId = hex(16);
  return { header: `Root=${traceId};Parent=${parentId};Sampled=1`, traceId, parentId };
}
