#!/usr/bin/env node
// `npm run test:vscode`: package the extension, install the .vsix into a fresh extensions
// folder of a headless code-server (VS Code's own server and extension host), open a copy of
// test/vscode/workspace, and run the mocha specs of test/vscode/specs inside that host.
// The last line printed is `N passed, N failed`.
//
//   node test/vscode/run.mjs [--no-package] [--vsix FILE] [--screenshots DIR] [--grep RE]
//                            [--break-server] [--keep] [--timeout S]
//
// --no-package       install the .vsix `npm run package` made last (briefing-notes-VERSION.vsix)
// --vsix FILE        install FILE instead of packaging
// --screenshots DIR  where the specs' screenshots go (docs/images refreshes the README's);
//                    by default a temporary folder, removed after a passing run
// --grep RE          run only the specs whose full title matches RE
// --break-server     install a copy of the .vsix whose dist/server.cjs exits at start: the
//                    run must fail (a check that the suite notices a dead server)
// --keep             keep the run folder (logs, workspace copy) even when everything passed
// Tools: `npm run host:install` (scripts/host/install.sh).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function fail(message) {
  console.log(`  ERROR ${message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

function parseArgs(argv) {
  const opts = { package: true, keep: false, breakServer: false, timeout: 300 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : fail(`${a} needs a value`));
    if (a === '--no-package') opts.package = false;
    else if (a === '--vsix') { opts.vsix = path.resolve(value()); opts.package = false; }
    else if (a === '--screenshots') opts.screenshots = path.resolve(value());
    else if (a === '--grep') opts.grep = value();
    else if (a === '--break-server') opts.breakServer = true;
    else if (a === '--keep') opts.keep = true;
    else if (a === '--timeout') opts.timeout = Number(value());
    else fail(`unknown argument ${a}`);
  }
  return opts;
}

function packageExtension(out) {
  const started = Date.now();
  // `npm run package` is `vsce package`, which runs vscode:prepublish (build, minified bundle).
  const r = spawnSync('npm', ['run', '--silent', 'package', '--', '--out', out], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0 || !fs.existsSync(out)) {
    process.stdout.write(`${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').slice(-30).join('\n'));
    fail(`npm run package failed (exit ${r.status})`);
  }
  const kb = (fs.statSync(out).size / 1024).toFixed(0);
  console.log(`test:vscode: packaged ${path.basename(out)} (${kb} KB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// A copy of the .vsix whose language server exits as soon as it starts.
function breakServer(vsix, run) {
  const broken = path.join(run, 'broken-server.vsix');
  fs.copyFileSync(vsix, broken);
  const stage = path.join(run, 'broken-stage');
  fs.mkdirSync(path.join(stage, 'extension/dist'), { recursive: true });
  fs.writeFileSync(path.join(stage, 'extension/dist/server.cjs'), 'process.exit(3);\n');
  const r = spawnSync('zip', ['-q', broken, 'extension/dist/server.cjs'], { cwd: stage, encoding: 'utf8' });
  if (r.status !== 0) fail(`--break-server needs the zip command: ${r.error?.message ?? r.stderr}`);
  console.log('test:vscode: --break-server: dist/server.cjs in the installed copy exits at start; this run must fail');
  return broken;
}

function copyWorkspace(run) {
  // A copy, so that files the specs add, edit or delete never touch the repository.
  const dest = path.join(run, 'desk-notes');
  fs.cpSync(path.join(here, 'workspace'), dest, { recursive: true });
  return dest;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'briefing-vscode-'));
  let vsix = opts.vsix;
  if (!vsix && opts.package) {
    vsix = path.join(run, `${pkg.name}-${pkg.version}.vsix`);
    packageExtension(vsix);
  } else if (!vsix) {
    vsix = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
    if (!fs.existsSync(vsix)) fail(`${path.relative(root, vsix)} does not exist: run npm run package`);
  }
  if (opts.breakServer) vsix = breakServer(vsix, run);
  const workspace = copyWorkspace(run);
  const screenshots = opts.screenshots ?? path.join(run, 'screenshots');

  const args = [
    path.join(here, 'run-host.mjs'),
    '--vsix', vsix,
    '--extension', path.join(here, 'runner'),
    '--tests', path.join(here, 'specs'),
    '--workspace', workspace,
    '--screenshots', screenshots,
    '--timeout', String(opts.timeout),
  ];
  if (opts.keep) args.push('--keep');
  const env = { ...process.env };
  if (opts.grep) env.BRIEFING_MOCHA_GREP = opts.grep;
  const child = spawn(process.execPath, args, { stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  // run-host printed the summary line last; only tidy up after it.
  if (code === 0 && !opts.keep) fs.rmSync(run, { recursive: true, force: true });
  else console.error(`test:vscode: run folder kept: ${run}`);
  console.error(`test:vscode: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
  process.exit(code);
}

main();
