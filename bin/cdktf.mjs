#!/usr/bin/env node
// `npx cdktf …` in this project: cdktf-cli itself, without its calls home. The CLI posts
// telemetry and checks for updates on every command, which here (and in any offline
// pipeline) only prints errors; a user's own setting of either variable wins.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const cli = createRequire(import.meta.url).resolve("cdktf-cli/bundle/bin/cdktf");
const env = { CHECKPOINT_DISABLE: "1", DISABLE_VERSION_CHECK: "true", ...process.env };
const run = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: "inherit", env });
process.exitCode = run.status ?? 1;
