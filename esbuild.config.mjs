// Bundles the VS Code extension: dist/client.cjs (the extension, loaded by VS Code)
// and dist/server.cjs (the language server it starts over IPC). Both CommonJS, as
// the extension host requires; the ESM-only Markdown parser is bundled in.
//
//   node esbuild.config.mjs [--minify] [--watch]
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));
const minify = process.argv.includes("--minify");
const watch = process.argv.includes("--watch");

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: true,
  minify,
  keepNames: true,
  // The language-server packages ship an ESM build under "module": smaller and tree-shakable.
  mainFields: ["module", "main"],
  logLevel: "info",
};

// Code under out/ finds package files relative to itself (out/host/loadCorpus.js →
// ../../corpus). In the bundle, import.meta.url is made to name a file two levels
// below the package root as well, so those paths still land in the package.
const importMetaShim = {
  define: { "import.meta.url": "__briefingImportMetaUrl" },
  banner: { js: 'const __briefingImportMetaUrl = require("node:url").pathToFileURL(require("node:path").join(__dirname, "bundle", "module.js")).href;' },
};

const builds = [
  { ...common, entryPoints: ["client/extension.ts"], outfile: "dist/client.cjs", external: ["vscode"] },
  { ...common, ...importMetaShim, entryPoints: ["server/start.ts"], outfile: "dist/server.cjs" },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
