// The bundler's work folder lives in TMPDIR: point it at this test file's scratch folder, which is removed after the file.
import "../../support/project.js";
import { randomUUID } from "node:crypto";
import { mkdirSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { afterAll } from "vitest";

const PROJECT = process.cwd();

/**
 * A small service of the test's own, inside the project (under the git-ignored .bulkhead-tmp/),
 * so that its handlers bundle against this project's runtime and node_modules as a service in
 * services/ would. `RUNTIME` in a handler's source is replaced by the import path of
 * handlers/index.js. Removed after the test file. Returns the spec's path relative to the project.
 */
export function tempService(name: string, specYaml: string, handlers: Record<string, string>): string {
  const dir = join(PROJECT, ".bulkhead-tmp", "local", `${name}-${randomUUID().slice(0, 8)}`);
  // Another test file removing the shared parent at this moment would make mkdir fail once.
  for (let attempt = 1; ; attempt++) {
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "service.yaml"), specYaml);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || attempt === 5) throw error;
    }
  }
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    try {
      rmdirSync(dirname(dir));
    } catch {
      // Another test file's service is still there.
    }
  });
  for (const [file, source] of Object.entries(handlers)) {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    const runtime = relative(dirname(path), join(PROJECT, "handlers", "index.js")).split("\\").join("/");
    writeFileSync(path, source.replaceAll("RUNTIME", runtime));
  }
  return relative(PROJECT, join(dir, "service.yaml"));
}

/** The lines a test's spec starts with, up to `patterns:`: version 1, the service, us-east-1, a dev environment. */
export function specHeader(service: string): string {
  return `version: 1
service: ${service}
region: us-east-1
environments:
  dev: {}
patterns:
`;
}

export interface ShortTimeouts {
  visibilityTimeoutSeconds: number;
  timeoutSeconds: number;
  /** Leave out for the default. */
  maxReceiveCount?: number;
}

/**
 * A fan-out pattern (at a pattern's indentation under `patterns:`) with one subscriber that takes a
 * message at a time, with the short visibility and function timeouts given, so that a retry or a
 * timeout happens within seconds.
 */
export function shortTimeoutPattern(pattern: string, subscriber: string, handler: string, timeouts: ShortTimeouts): string {
  return `  ${pattern}:
    type: fanout
    subscribers:
      ${subscriber}:
        handler: ${handler}
        batchSize: 1
        visibilityTimeoutSeconds: ${timeouts.visibilityTimeoutSeconds}
        function: { timeoutSeconds: ${timeouts.timeoutSeconds} }
${timeouts.maxReceiveCount === undefined ? "" : `        queue: { maxReceiveCount: ${timeouts.maxReceiveCount} }\n`}`;
}

/** A whole spec of one such pattern. */
export function shortTimeoutSpec(service: string, pattern: string, subscriber: string, handler: string, timeouts: ShortTimeouts): string {
  return specHeader(service) + shortTimeoutPattern(pattern, subscriber, handler, timeouts);
}

/** A whole spec of one fan-out pattern, `events`, with one subscriber `echo` on handlers/echo.ts. */
export function echoSpec(service: string): string {
  return `${specHeader(service)}  events:
    type: fanout
    subscribers:
      echo: { handler: handlers/echo.ts }
`;
}
