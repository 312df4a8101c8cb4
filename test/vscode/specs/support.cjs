// Shared helpers for the specs in this folder (not a spec itself: no .test. in its name).
// They run inside VS Code's extension host, under test/vscode/run.mjs (code-server) or
// test/vscode/run-desktop.mjs (@vscode/test-electron).
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const host = require('../host.cjs');

const EXTENSION_ID = 'briefing-notes.briefing-notes';
const workspaceDir = () => process.env.BRIEFING_TEST_WORKSPACE || vscode.workspace.workspaceFolders[0].uri.fsPath;
const fileIn = (rel) => vscode.Uri.file(path.join(workspaceDir(), rel));

function extension() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  return ext;
}

async function openNote(rel, options = {}) {
  const doc = await vscode.workspace.openTextDocument(fileIn(rel));
  const editor = await vscode.window.showTextDocument(doc, { preview: false, ...options });
  return { doc, editor, uri: doc.uri };
}

/** Line number of the first line of `doc` containing `needle`. */
function lineOf(doc, needle) {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(needle)) return i;
  throw new Error(`"${needle}" is not in ${path.basename(doc.uri.fsPath)}`);
}

/** Position `offset` characters into the first occurrence of `needle`. */
function positionOf(doc, needle, offset = 0) {
  const at = doc.getText().indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in ${path.basename(doc.uri.fsPath)}`);
  return doc.positionAt(at + offset);
}

function rangeOf(doc, needle) {
  const start = positionOf(doc, needle);
  return new vscode.Range(start, start.translate(0, needle.length));
}

const codeOf = (d) => (typeof d.code === 'object' && d.code ? d.code.value : d.code);
const SEVERITY = ['error', 'warning', 'information', 'hint'];

/** "line:code" for each diagnostic, sorted: the shape most assertions compare. */
const lineCodes = (diagnostics) => diagnostics.map((d) => `${d.range.start.line}:${codeOf(d)}`).sort();

/** Everything VS Code shows of a diagnostic except relatedInformation, as one sortable string. */
function describeDiagnostic(d) {
  const r = d.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${SEVERITY[d.severity]} ${codeOf(d)} [${d.source}] ${d.message}`;
}

// How long the language server may be missing (between a crash and the restart) before a
// wait for diagnostics gives up: a dead server fails each spec in seconds, not at its timeout.
const NO_SERVER_MS = 5000;

/** Waits until the diagnostics of `uri` satisfy `accept` (they arrive asynchronously). */
async function diagnosticsWhen(uri, accept, message, timeoutMs = 20000) {
  let last = [];
  let missingSince;
  try {
    return await host.waitFor(() => {
      last = vscode.languages.getDiagnostics(uri);
      if (accept(last)) return last;
      const pids = serverPids();
      if (pids === undefined || pids.length > 0) missingSince = undefined;
      else if (missingSince === undefined) missingSince = Date.now();
      else if (Date.now() - missingSince > NO_SERVER_MS) throw new NoServer();
      return undefined;
    }, { timeoutMs, message, stopOn: (e) => e instanceof NoServer });
  } catch (e) {
    e.message += `; last diagnostics: ${JSON.stringify(lineCodes(last))}`;
    throw e;
  }
}

class NoServer extends Error {
  constructor() {
    super(`no Briefing Notes language server process has been running for ${NO_SERVER_MS / 1000} s`);
  }
}

/** The text of a hover result as the hover widget would show it (Markdown source). */
function hoverText(hovers) {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

const label = (item) => (typeof item.label === 'string' ? item.label : item.label.label);

/** Reads the lines of a file that a Location/LocationLink range covers. */
function textAt(uri, range) {
  const lines = fs.readFileSync(uri.fsPath, 'utf8').split('\n');
  return lines.slice(range.start.line, range.end.line + 1).join('\n');
}

/**
 * Screenshot of the workbench into the runner's screenshots folder (docs/images when the
 * README's pictures are refreshed). Does nothing outside run-host.mjs (a desktop run).
 */
async function screenshot(name, options) {
  if (!process.env.BRIEFING_SCREENSHOT_REQUESTS) return undefined;
  return host.screenshot(name, options);
}

/**
 * Process ids of the Briefing Notes language servers this extension host runs: children
 * of this process whose command line names the extension's dist/server.cjs. Read from
 * /proc on Linux, from `ps` on macOS; undefined where neither works (Windows).
 */
function serverPids() {
  const server = path.join(extension().extensionPath, 'dist', 'server.cjs');
  const children = [];
  if (fs.existsSync('/proc/self/stat')) {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === process.pid) children.push({ pid: Number(entry), args: fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0') });
      } catch {
        // the process ended while we looked
      }
    }
  } else {
    let out;
    try {
      out = require('node:child_process').execFileSync('ps', ['-A', '-o', 'pid=,ppid=,command='], { encoding: 'utf8' });
    } catch {
      return undefined;
    }
    for (const line of out.split('\n')) {
      const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
      if (m && Number(m[2]) === process.pid) children.push({ pid: Number(m[1]), args: m[3].split(' ') });
    }
  }
  return children.filter((c) => c.args.includes(server)).map((c) => c.pid);
}

/** Puts `doc` back to `text` and saves it, so the specs that follow see the file as it was. */
async function restoreText(doc, text) {
  if (doc.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    assert.ok(await vscode.workspace.applyEdit(edit), `restoring ${path.basename(doc.uri.fsPath)}`);
  }
  if (doc.isDirty) assert.ok(await doc.save(), `saving ${path.basename(doc.uri.fsPath)}`);
  assert.equal(fs.readFileSync(doc.uri.fsPath, 'utf8'), text);
}

async function closeAllEditors() {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

module.exports = {
  EXTENSION_ID, workspaceDir, fileIn, extension, openNote, lineOf, positionOf, rangeOf,
  codeOf, lineCodes, describeDiagnostic, diagnosticsWhen, hoverText, label, textAt, screenshot,
  serverPids, restoreText, closeAllEditors, waitFor: host.waitFor, sleep: host.sleep,
};
