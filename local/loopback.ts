import { Server, type AddressInfo, type ListenOptions } from "node:net";

/** The local runtime's emulators are for this machine only: throws unless the address is a loopback one. */
export function assertLoopback(what: string, address: AddressInfo | string | null): void {
  const info = typeof address === "object" ? address : null;
  if (info?.address !== "127.0.0.1" && info?.address !== "::1") {
    const shown = info ? `${info.address}:${info.port}` : String(address ?? "no address");
    throw new Error(`${what} listens on ${shown}, not on the loopback interface only`);
  }
}

/**
 * Runs `start` while every listen on all interfaces (0.0.0.0 or ::) is turned into one on
 * 127.0.0.1, then checks each socket it opened. fauxqs 1.9 listens on 0.0.0.0 whatever it is
 * told (its `host` option only names the host in queue URLs), which would offer the emulator,
 * and everything a developer sends through it, to the whole network. Nothing else may listen
 * while this runs: the patch is process-wide, so callers start emulators one after another.
 */
export async function onLoopbackOnly<T>(what: string, start: () => Promise<T>, stop: (started: T) => Promise<void>): Promise<T> {
  const listen = Server.prototype.listen;
  const opened: Server[] = [];
  Server.prototype.listen = function (this: Server, ...args: unknown[]) {
    const options = args[0] as ListenOptions | undefined;
    if (options && typeof options === "object" && (options.host === "0.0.0.0" || options.host === "::" || options.host === undefined)) options.host = "127.0.0.1";
    opened.push(this);
    return (listen as (...a: unknown[]) => Server).apply(this, args);
  } as typeof listen;
  let started: T;
  try {
    started = await start();
  } finally {
    Server.prototype.listen = listen;
  }
  try {
    if (opened.length === 0) throw new Error(`${what} started without listening through net.Server; cannot tell which interface it is on`);
    for (const server of opened) assertLoopback(what, server.address());
  } catch (error) {
    await stop(started);
    throw error;
  }
  return started;
}
