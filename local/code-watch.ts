import { watch, type FSWatcher } from "node:fs";
import { basename, dirname, relative, resolve, sep } from "node:path";
import { build, type Plugin } from "esbuild";
import { bundleHandlers, functionBundleRequest, handlerEntry, type Bundle } from "../patterns/blocks/bundle.js";
import type { ServiceModel } from "../patterns/model/types.js";
import { formatProblem, SpecError } from "../patterns/spec/errors.js";
import type { CodeEvent } from "./types.js";

/** Editors write a file in several steps (truncate, write, rename): one rebuild for all of them. */
const SETTLE_MS = 120;

export interface CodeWatchOptions {
  readonly projectRoot: string;
  readonly model: ServiceModel;
  /** The bundle each function runs now, by function name. */
  readonly running: ReadonlyMap<string, Bundle>;
  /** The functions whose bundle changed, with the new bundle; called before the event is emitted. */
  readonly replace: (changed: ReadonlyMap<string, Bundle>) => void;
  readonly emit: (event: CodeEvent) => void;
  /** A failure of the watching itself (not of a handler's build). */
  readonly onProblem: (message: string) => void;
}

/**
 * Watches the files the functions' bundles are built from (each handler and what it imports inside
 * the project; packages in node_modules are not watched) and, when one changes, rebuilds every
 * bundle through the same path synth takes (`bundleHandlers`, one request per function as
 * `functionBundleRequest` makes it). A function whose bundle came out different gets it; one whose
 * handler no longer builds keeps the code it runs, and the event carries the located errors.
 */
export class CodeWatch {
  private readonly watchers = new Map<string, FSWatcher>();
  /** Watched files by folder, as absolute paths. */
  private files = new Map<string, Set<string>>();
  private readonly changed = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private rebuilding: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly running: Map<string, Bundle>;

  constructor(private readonly options: CodeWatchOptions) {
    this.running = new Map(options.running);
  }

  async start(): Promise<void> {
    this.watchFiles(await this.inputs());
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  private entries(): string[] {
    return [...new Set(this.options.model.functions.map((f) => handlerEntry(f.specDir, f.entry)))];
  }

  /**
   * The project files the handlers import, found by esbuild's metafile on a build that keeps every
   * package external (only what the project itself holds can be edited in it). When that build
   * fails (the handler is broken right now), the entries and what was watched before stay watched.
   */
  private async inputs(): Promise<string[]> {
    const root = resolve(this.options.projectRoot);
    const entries = this.entries();
    const virtual: Plugin = { name: "bulkhead-virtual", setup: (b) => b.onResolve({ filter: /^bulkhead:/ }, (a) => ({ path: a.path, external: true })) };
    try {
      const result = await build({
        absWorkingDir: root,
        entryPoints: entries,
        bundle: true,
        packages: "external",
        platform: "node",
        format: "esm",
        write: false,
        outdir: "watch",
        metafile: true,
        logLevel: "silent",
        plugins: [virtual],
      });
      return Object.keys(result.metafile.inputs)
        .filter((input) => !input.includes(":") && !input.split("/").includes("node_modules"))
        .map((input) => resolve(root, input));
    } catch {
      return [...entries.map((e) => resolve(root, e)), ...[...this.files.values()].flatMap((s) => [...s])];
    }
  }

  /**
   * One watcher per folder, not per file: an editor that saves by writing a new file and renaming
   * it over the old one would leave a file watcher on a file that no longer exists.
   */
  private watchFiles(files: readonly string[]): void {
    const byFolder = new Map<string, Set<string>>();
    for (const file of files) {
      const folder = dirname(file);
      if (!byFolder.has(folder)) byFolder.set(folder, new Set());
      byFolder.get(folder)!.add(basename(file));
    }
    for (const [folder, watcher] of this.watchers) {
      if (!byFolder.has(folder)) {
        watcher.close();
        this.watchers.delete(folder);
      }
    }
    this.files = new Map([...byFolder].map(([folder, names]) => [folder, new Set([...names].map((n) => resolve(folder, n)))]));
    for (const folder of byFolder.keys()) {
      if (this.watchers.has(folder)) continue;
      try {
        const watcher = watch(folder, (_event, name) => {
          const file = name === null ? undefined : resolve(folder, name.toString());
          if (file !== undefined && this.files.get(folder)?.has(file)) this.schedule(file);
        });
        watcher.on("error", (error) => this.options.onProblem(`cannot watch ${this.shown(folder)}: ${error.message}`));
        this.watchers.set(folder, watcher);
      } catch (error) {
        this.options.onProblem(`cannot watch ${this.shown(folder)}: ${(error as Error).message}; its handlers' edits need a restart`);
      }
    }
  }

  private schedule(file: string): void {
    if (this.stopped) return;
    this.changed.add(file);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.rebuilding) this.again = true;
      else this.rebuilding = this.rebuild().finally(() => (this.rebuilding = undefined));
    }, SETTLE_MS);
  }

  private async rebuild(): Promise<void> {
    do {
      this.again = false;
      const files = [...this.changed].map((f) => this.shown(f)).sort();
      this.changed.clear();
      const started = Date.now();
      const { reloaded, problems } = await this.build();
      if (this.stopped) return;
      this.watchFiles(await this.inputs());
      const outcome = problems.length > 0 ? "failed" : reloaded.length > 0 ? "reloaded" : "unchanged";
      this.options.emit({ kind: "code", outcome, files, functions: reloaded, problems, durationMs: Date.now() - started });
    } while (this.again && !this.stopped);
  }

  private async build(): Promise<{ reloaded: string[]; problems: string[] }> {
    const { model, projectRoot } = this.options;
    const requests = model.functions.map((fn) => ({ fn, request: functionBundleRequest(fn, model.routingTables, projectRoot) }));
    const built = await bundleHandlers(requests.map((r) => r.request));
    const problems = new Set<string>();
    const changed = new Map<string, Bundle>();
    for (const { fn, request } of requests) {
      const bundle = built.get(request)!;
      if (bundle instanceof SpecError) bundle.problems.forEach((p) => problems.add(formatProblem(p)));
      else if (!bundle.exports.includes("handler")) problems.add(`${request.entry}: exports no \`handler\` (Lambda calls index.handler); it exports: ${bundle.exports.join(", ") || "nothing"}`);
      else if (bundle.sourceHash !== this.running.get(fn.name)?.sourceHash) changed.set(fn.name, bundle);
    }
    if (changed.size > 0 && !this.stopped) {
      this.options.replace(changed);
      for (const [name, bundle] of changed) this.running.set(name, bundle);
    }
    return { reloaded: [...changed.keys()], problems: [...problems] };
  }

  private shown(path: string): string {
    return relative(this.options.projectRoot, path).split(sep).join("/");
  }
}
