// extensionTestsPath module: VS Code's extension host require()s this and calls run(), the
// same contract as a desktop @vscode/test-electron run. CommonJS because this package is ESM
// and the host loads test entry points with require(). Specs are *.test.cjs or *.test.mjs
// (from TypeScript: .cts/.mts); both can use the `vscode` module (tested on VS Code 1.139).
// Plain *.test.js is left out on purpose, so pointing at out/test never picks up the
// node:test unit tests.
//
// Results leave the host through a JSON file (BRIEFING_TEST_RESULTS): the host's stdout is
// not connected to whoever started the run, but it inherits the server's environment.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

// mocha comes from the extension under test (its devDependency), falling back to the one
// beside this file, so the harness works for any extension folder that has mocha.
function loadMocha() {
  const paths = [process.env.BRIEFING_EXTENSION_DIR, __dirname].filter(Boolean);
  return require(require.resolve('mocha', { paths }));
}

function findSpecs(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') out.push(...findSpecs(full));
    else if (entry.isFile() && /\.test\.[cm]js$/.test(entry.name)) out.push(full);
  }
  return out.sort();
}

function writeResults(results) {
  const file = process.env.BRIEFING_TEST_RESULTS;
  if (!file) return;
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(results, null, 2));
  fs.renameSync(`${file}.tmp`, file); // the runner polls for this file: never let it see half
}

function errorInfo(err) {
  if (!err) return undefined;
  return { message: String(err.message ?? err), stack: err.stack, expected: err.expected, actual: err.actual };
}

async function run() {
  const tests = [];
  const results = { passed: 0, failed: 0, skipped: 0, tests, error: undefined };
  try {
    const Mocha = loadMocha();
    const specsDir = process.env.BRIEFING_TEST_SPECS;
    if (!specsDir) throw new Error('BRIEFING_TEST_SPECS is not set');
    const mocha = new Mocha({
      ui: process.env.BRIEFING_MOCHA_UI || 'bdd',
      color: false,
      timeout: Number(process.env.BRIEFING_MOCHA_TIMEOUT || 30000),
      grep: process.env.BRIEFING_MOCHA_GREP || undefined,
    });
    const specs = findSpecs(specsDir);
    if (specs.length === 0) throw new Error(`no *.test.cjs or *.test.mjs files under ${specsDir}`);
    for (const f of specs) mocha.addFile(f);
    await mocha.loadFilesAsync(); // import()s .mjs specs; run() then does not load them again

    await new Promise((resolve) => {
      const runner = mocha.run(() => resolve());
      const record = (test, state, err) =>
        tests.push({ title: test.fullTitle(), file: test.file, state, duration: test.duration, error: errorInfo(err) });
      runner.on('pass', (t) => { results.passed++; record(t, 'passed'); });
      // 'fail' also fires for hooks (before/after), so a broken setup is counted, not lost.
      runner.on('fail', (t, err) => { results.failed++; record(t, 'failed', err); });
      runner.on('pending', (t) => { results.skipped++; record(t, 'skipped'); });
    });
  } catch (err) {
    results.error = errorInfo(err);
  }
  writeResults(results);
  if (results.error) throw new Error(results.error.message);
  if (results.failed > 0) throw new Error(`${results.failed} test(s) failed`);
}

module.exports = { run };
