#!/usr/bin/env node
// `npm run test:desktop`: the same mocha specs (test/vscode/specs, through index.cjs) in a
// desktop VS Code that @vscode/test-electron downloads (or the one named by
// BRIEFING_VSCODE_EXECUTABLE), with this folder as the extension development path (its
// dist/ bundle, which `npm run test:desktop` builds first). For machines that can download
// VS Code; here, where only the npm registry is reachable, `npm run test:vscode` runs the
// specs in code-server's extension host instead. Screenshots are skipped on the desktop.
// The last line printed is `N passed, N failed`.
//
//   BRIEFING_VSCODE_VERSION=1.91.0   which VS Code to download (default: stable)
//   BRIEFING_VSCODE_EXECUTABLE=PATH  use an installed VS Code instead of downloading one
//   BRIEFING_MOCHA_GREP=RE           run only the matching specs
import { runTests } from '@vscode/test-electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

// The same quieting as run-host.mjs: no telemetry, no trust prompt, no welcome page.
const SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
};

async function main() {
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'briefing-desktop-'));
  const workspace = path.join(run, 'desk-notes');
  fs.cpSync(path.join(here, 'workspace'), workspace, { recursive: true });
  const userData = path.join(run, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify(SETTINGS, null, 2));
  const resultsFile = path.join(run, 'results.json');

  let error;
  try {
    await runTests({
      version: process.env.BRIEFING_VSCODE_VERSION || 'stable',
      vscodeExecutablePath: process.env.BRIEFING_VSCODE_EXECUTABLE || undefined,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(here, 'index.cjs'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', userData],
      extensionTestsEnv: {
        BRIEFING_TEST_SPECS: path.join(here, 'specs'),
        BRIEFING_TEST_RESULTS: resultsFile,
        BRIEFING_TEST_WORKSPACE: workspace,
        ...(process.env.BRIEFING_MOCHA_GREP ? { BRIEFING_MOCHA_GREP: process.env.BRIEFING_MOCHA_GREP } : {}),
      },
    });
  } catch (e) {
    error = e;
  }

  let results;
  try {
    results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  } catch {
    console.log(`  ERROR no results from VS Code: ${error?.message ?? 'it exited without running the specs'}`);
    console.log(`test:desktop: files kept in ${run}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  for (const t of results.tests) {
    if (t.state === 'passed') console.log(`  ok    ${t.title} (${t.duration ?? 0} ms)`);
    else if (t.state === 'skipped') console.log(`  skip  ${t.title}`);
    else console.log(`  FAIL  ${t.title}\n        ${(t.error?.message ?? '').split('\n').join('\n        ')}`);
  }
  if (results.error) console.log(`  ERROR ${results.error.message}`);
  const failed = results.failed + (results.error && !results.failed ? 1 : 0);
  const ok = failed === 0 && results.passed > 0 && !error;
  if (ok) fs.rmSync(run, { recursive: true, force: true });
  else console.log(`test:desktop: files kept in ${run}`);
  console.log(`${results.passed} passed, ${failed || (ok ? 0 : 1)} failed` + (results.skipped ? `, ${results.skipped} skipped` : ''));
  process.exit(ok ? 0 : 1);
}

main();
