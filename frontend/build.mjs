// Builds the front-end assets Heard serves itself (no CDN): compiles frontend/heard.scss and
// copies GOV.UK Frontend's JavaScript and images (the stylesheet refers to them) into
// heard/core/static/frontend.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "heard/core/static/frontend");
const govuk = join(root, "node_modules/govuk-frontend/dist/govuk");
mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, "frontend/heard.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(join(out, "heard.css"), css.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(root, "frontend/init.mjs"), join(out, "init.mjs"));
cpSync(join(govuk, "assets/images"), join(out, "assets/images"), { recursive: true });
console.log(`Front-end assets written to ${out}`);
