// Helpers for specs running inside the extension host started by run-host.mjs.
// CommonJS because the extension host loads test code with require(), and this package is ESM.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let seq = 0;

/**
 * Asks the runner (outside the host, driving chromium) for a screenshot of the workbench.
 * The host cannot see its own UI, so this is a file handshake: write NAME.req.json into
 * BRIEFING_SCREENSHOT_REQUESTS, wait for NAME.res.json. `file` is relative to the runner's
 * --screenshots folder unless absolute. `waitFor` is a CSS selector the runner waits to be
 * visible first (e.g. '.monaco-hover', '.suggest-widget', '.markers-panel'), which avoids
 * racing the UI's own animations. `clip` is a list of CSS selectors: the picture is cropped
 * to the smallest rectangle holding the first visible match of each (e.g. ['.part.editor',
 * '.part.panel']), so the part that matters stays legible at README width; `clipHeight`
 * keeps only the top that many pixels of it. Resolves to the saved path.
 */
async function screenshot(file, { waitFor, clip, clipHeight, settleMs = 300, timeoutMs = 30000, fullPage = false } = {}) {
  const dir = process.env.BRIEFING_SCREENSHOT_REQUESTS;
  if (!dir) throw new Error('BRIEFING_SCREENSHOT_REQUESTS is not set: not running under run-host.mjs?');
  const id = `${process.pid}-${Date.now()}-${seq++}`;
  const req = path.join(dir, `${id}.req.json`);
  const res = path.join(dir, `${id}.res.json`);
  // Write then rename so the runner never reads a half-written request.
  fs.writeFileSync(`${req}.tmp`, JSON.stringify({ file, waitFor, clip, clipHeight, settleMs, timeoutMs, fullPage }));
  fs.renameSync(`${req}.tmp`, req);
  const deadline = Date.now() + timeoutMs + 5000;
  while (Date.now() < deadline) {
    if (fs.existsSync(res)) {
      const answer = JSON.parse(fs.readFileSync(res, 'utf8'));
      fs.rmSync(res, { force: true });
      if (!answer.ok) throw new Error(`screenshot ${file} failed: ${answer.error}`);
      return answer.path;
    }
    await sleep(100);
  }
  throw new Error(`screenshot ${file}: the runner did not answer within ${timeoutMs + 5000} ms`);
}

/**
 * Polls `fn` until it returns a truthy value (language servers answer asynchronously). An
 * error `fn` throws counts as "not yet", unless `stopOn(error)` says to give up at once.
 */
async function waitFor(fn, { timeoutMs = 15000, intervalMs = 100, message = 'condition', stopOn } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      if (stopOn?.(e)) throw new Error(`gave up waiting for ${message}: ${e.message}`);
      last = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}${last ? `: ${last.message}` : ''}`);
}

module.exports = { screenshot, waitFor, sleep };
