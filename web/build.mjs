// Builds the API's static assets into api/static/ (gitignored): the portal's own CSS and JS from
// src/portal/ and the self-hosted chart library from node_modules. No CDN, no third-party requests.
import { cpSync, mkdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "api", "static");

const modules = join(here, "node_modules");
const vendor = {
  "chart.umd.min.js": join(modules, "chart.js", "dist", "chart.umd.min.js"),
};

rmSync(join(out, "portal"), { recursive: true, force: true });
rmSync(join(out, "vendor"), { recursive: true, force: true });
mkdirSync(join(out, "vendor"), { recursive: true });
cpSync(join(here, "src", "portal"), join(out, "portal"), { recursive: true });
for (const [name, from] of Object.entries(vendor)) {
  // Source maps are left out: the browser would otherwise ask for a file that is not there.
  const code = readFileSync(from, "utf8").replace(/\n\/\/# sourceMappingURL=.*$/m, "\n");
  writeFileSync(join(out, "vendor", name), code);
}
const versions = {
  "chart.js": JSON.parse(readFileSync(join(modules, "chart.js", "package.json"), "utf8")).version,
};
writeFileSync(join(out, "vendor", "VERSIONS.json"), JSON.stringify(versions, null, 2) + "\n");
writeFileSync(join(out, ".stamp"), new Date().toISOString() + "\n");
console.log(`built api/static (portal, vendor: ${Object.keys(vendor).join(", ")})`);
