import { createServer, request as forward, type IncomingMessage } from "node:http";
import { listenOnLoopback } from "./local-dynamodb.js";

export interface ProxiedCall {
  /** The operation: the query protocol's `Action`, or the JSON protocols' `X-Amz-Target`. */
  operation: string;
  /** The request's `X-Amzn-Trace-Id`, as a captured client sends it; undefined when there is none. */
  traceHeader: string | undefined;
}

/**
 * An HTTP endpoint on loopback that passes every request on to `target` (an emulator) unchanged and
 * notes its operation and trace header: emulators ignore `X-Amzn-Trace-Id`, and a test must see
 * what SNS or SQS would have received.
 */
export async function startTraceHeaderProxy(target: string) {
  const calls: ProxiedCall[] = [];
  const upstream = new URL(target);
  const server = createServer(async (incoming, outgoing) => {
    const body = await bytes(incoming);
    const header = (name: string) => {
      const value = incoming.headers[name];
      return Array.isArray(value) ? value.join(",") : value;
    };
    const action = new URLSearchParams(body.toString("utf8")).get("Action");
    calls.push({ operation: action ?? header("x-amz-target") ?? `${incoming.method} ${incoming.url}`, traceHeader: header("x-amzn-trace-id") });
    const proxied = forward(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: upstream.host } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    proxied.on("error", (error) => {
      outgoing.writeHead(502);
      outgoing.end(String(error));
    });
    proxied.end(body);
  });
  const address = await listenOnLoopback("trace header proxy", server);
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    calls,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function bytes(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
