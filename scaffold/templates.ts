import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import Handlebars from "handlebars";
import { stringify } from "yaml";
import { packageRoot } from "./package-root.js";

/** The kinds of file a scaffold writes: one template each, in templates/. */
export type TemplateName = "service.yaml" | "pattern.yaml" | "handler.ts" | "handler.test.ts" | "e2e.test.ts";

export interface Templates {
  render(name: TemplateName, data: object): string;
}

let loaded: Templates | undefined;

/**
 * templates/*.hbs and their partials (templates/partials/<group>/<name>.hbs, used as
 * `{{> group/name}}`), from bulkhead's own folder. Compiled once per process.
 */
export function templates(): Templates {
  if (loaded) return loaded;
  const root = join(packageRoot(), "templates");
  const hb = Handlebars.create();
  hb.registerHelper("json", (value: unknown) => JSON.stringify(value));
  // A YAML scalar, quoted only when it must be (`eventId`, but `"[tenantId, requestId]"`).
  hb.registerHelper("yaml", (value: unknown) => stringify(value, { lineWidth: 0 }).trimEnd());
  hb.registerHelper("concat", (...args: unknown[]) => args.slice(0, -1).join(""));
  const partials = join(root, "partials");
  for (const file of readdirSync(partials, { recursive: true, encoding: "utf8" }).sort()) {
    if (!file.endsWith(".hbs")) continue;
    const name = relative(partials, join(partials, file)).split(sep).join("/").replace(/\.hbs$/, "");
    hb.registerPartial(name, readFileSync(join(partials, file), "utf8"));
  }
  const compiled = new Map<TemplateName, Handlebars.TemplateDelegate>();
  loaded = {
    render(name, data) {
      let template = compiled.get(name);
      if (!template) {
        // noEscape: the output is code and YAML, not HTML. strict: a missing field is a bug, not a blank.
        template = hb.compile(readFileSync(join(root, `${name}.hbs`), "utf8"), { noEscape: true, strict: true });
        compiled.set(name, template);
      }
      return template(data);
    },
  };
  return loaded;
}
