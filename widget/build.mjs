// Bundles the widget (socket.io-client included) into api/static/widget/, which the API serves.
import { build } from "esbuild";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, "..", "api", "static", "widget");
await mkdir(out, { recursive: true });
await build({
  entryPoints: [path.join(here, "src", "widget.js")],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "iife",
  target: ["es2020", "chrome90", "firefox90", "safari15"],
  outfile: path.join(out, "widget.js"),
  legalComments: "linked",
  logLevel: "warning",
});
await build({
  entryPoints: [path.join(here, "src", "widget.css")],
  bundle: true,
  minify: true,
  outfile: path.join(out, "widget.css"),
  logLevel: "warning",
});
console.log(`widget built into ${path.relative(process.cwd(), out) || out}`);
