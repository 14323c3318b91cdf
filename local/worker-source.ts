/**
 * The module each worker thread runs: Lambda's Node.js runtime in miniature. It imports the
 * function's bundle once (the init phase; module-level state then lives as long as the worker,
 * as in an execution environment), then runs one invocation per message it gets, with a Lambda
 * context whose remaining time counts down to the deadline the parent set.
 *
 * Results go back over stdout, not the message port, behind a marker line: the worker's stdout
 * and its message port are separate channels, and only on one channel is it certain that every
 * line the invocation printed (its logs and its EMF document) arrived before its result.
 *
 * It is source text, written beside the bundles when the service starts, because a worker runs a
 * file: under vitest this package is TypeScript, in dist/ it is bundled, and a file written at
 * run time is the same in both.
 */
export const WORKER_SOURCE = String.raw`
import dns from "node:dns";
import { parentPort, workerData } from "node:worker_threads";
import { pathToFileURL } from "node:url";

const { handlerFile, marker } = workerData;

// fauxqs names queue URLs http://sqs.<region>.localhost:<port>/…, and the SDK sends to a queue
// URL's host; *.localhost is loopback by definition (RFC 6761), but not every resolver says so.
const lookup = dns.lookup;
dns.lookup = function (hostname, options, callback) {
  if (typeof options === "function") [callback, options] = [options, {}];
  if (typeof options === "number") options = { family: options };
  if (hostname === "localhost" || String(hostname).endsWith(".localhost")) {
    if (options && options.all) return process.nextTick(callback, null, [{ address: "127.0.0.1", family: 4 }]);
    return process.nextTick(callback, null, "127.0.0.1", 4);
  }
  return lookup.call(dns, hostname, options, callback);
};

const emit = (message) => new Promise((resolve) => process.stdout.write("\n" + marker + JSON.stringify(message) + "\n", () => resolve()));
const describe = (error) => ({
  errorType: (error && error.name) || typeof error,
  errorMessage: error && error.message !== undefined ? String(error.message) : String(error),
  stack: error && error.stack ? String(error.stack) : undefined,
});

let handler;
try {
  const loaded = await import(pathToFileURL(handlerFile).href);
  handler = loaded.handler;
  if (typeof handler !== "function") throw new TypeError(handlerFile + " exports no handler function (Lambda calls index.handler)");
  await emit({ type: "ready" });
} catch (error) {
  await emit({ type: "init-error", error: describe(error) });
}

parentPort.on("message", async ({ id, event, deadline, context }) => {
  const lambdaContext = {
    ...context,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
  try {
    const response = await handler(event, lambdaContext);
    await emit({ type: "result", id, ok: true, response: response === undefined ? null : response });
  } catch (error) {
    await emit({ type: "result", id, ok: false, error: describe(error) });
  }
});
`;
