import { spawn } from "node:child_process";

export interface DevProcess {
  readonly pid: number;
  /** Resolves with the first match of the pattern in everything printed to stdout so far or later. */
  printed(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Everything printed to stdout so far. */
  stdout(): string;
  interrupt(): void;
  exited(): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** `bulkhead dev` compiled, in a fresh process, as a developer runs it (globalSetup builds dist/). */
export function devProcess(args: readonly string[], env: NodeJS.ProcessEnv = process.env): DevProcess {
  const child = spawn(process.execPath, ["bin/bulkhead.mjs", "dev", ...args], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"], env });
  let stdout = "";
  let stderr = "";
  const waiters: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = [];
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    for (const w of [...waiters]) {
      const match = stdout.match(w.pattern);
      if (match) waiters.splice(waiters.indexOf(w), 1), w.resolve(match);
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    pid: child.pid!,
    printed: (pattern, timeoutMs = 30_000) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const now = stdout.match(pattern);
        if (now) return resolve(now);
        const fail = (why: string) => reject(new Error(`bulkhead dev ${why} without printing ${pattern}; it printed:\n${stdout}\n${stderr}`));
        const timer = setTimeout(() => fail(`ran ${timeoutMs} ms`), timeoutMs);
        // A process that has exited prints nothing more.
        void exited.then((code) => (clearTimeout(timer), fail(`exited with code ${code}`)));
        waiters.push({ pattern, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      }),
    stdout: () => stdout,
    interrupt: () => child.kill("SIGINT"),
    exited: async () => ({ code: await exited, stdout, stderr }),
  };
}
