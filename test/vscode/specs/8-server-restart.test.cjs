// The language server dies (killed) or is restarted by command: the client starts a new
// one and the notes' diagnostics come back the same.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const { openNote, diagnosticsWhen, describeDiagnostic, serverPids, waitFor, restoreText, closeAllEditors } = require('./support.cjs');

const full = (diagnostics) =>
  diagnostics.map((d) => `${describeDiagnostic(d)} <- ${(d.relatedInformation ?? []).map((r) => `${r.location.uri.fsPath}:${r.location.range.start.line}`).join(',')}`).sort();

describe('the language server process', () => {
  let notes, expected;
  before(async () => {
    notes = [await openNote('notes/coast-guards.md'), await openNote('notes/defence-ties.md')];
    expected = [
      full(await diagnosticsWhen(notes[0].uri, (d) => d.length === 2, 'two findings')),
      full(await diagnosticsWhen(notes[1].uri, (d) => d.length === 5, 'five findings')),
    ];
  });
  after(closeAllEditors);

  /** Waits for a server other than `old` to be running and for it to have published each note again. */
  async function comesBack(old, cleared) {
    const [pid] = await waitFor(() => {
      const now = serverPids();
      return now.length === 1 && now[0] !== old ? now : undefined;
    }, { message: 'a new server process' });
    // The client clears a dead server's diagnostics; these must be the new server's.
    await waitFor(() => notes.every((n) => cleared.has(n.uri.toString())), { message: 'the old diagnostics to be cleared' });
    for (const [i, n] of notes.entries()) {
      const d = await diagnosticsWhen(n.uri, (x) => x.length === expected[i].length, 'the diagnostics to come back');
      assert.deepEqual(full(d), expected[i]);
    }
    return pid;
  }

  /** Records which notes had their diagnostics emptied while `action` ran. */
  function watchClears() {
    const cleared = new Set();
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      for (const uri of e.uris) if (vscode.languages.getDiagnostics(uri).length === 0) cleared.add(uri.toString());
    });
    return { cleared, dispose: () => sub.dispose() };
  }

  it('killed: the client starts a new server, and the diagnostics come back the same', async function () {
    const pids = serverPids();
    if (pids === undefined) this.skip(); // no process list to find the server in
    assert.equal(pids.length, 1, `one server running (${pids})`);
    const watch = watchClears();
    try {
      process.kill(pids[0], 'SIGKILL');
      await comesBack(pids[0], watch.cleared);
    } finally {
      watch.dispose();
    }
  });

  it('Briefing Notes: Restart Server: a new server, the same diagnostics', async function () {
    if (serverPids() === undefined) this.skip();
    const [old] = serverPids();
    const watch = watchClears();
    try {
      await vscode.commands.executeCommand('briefingNotes.restartServer');
      await comesBack(old, watch.cleared);
    } finally {
      watch.dispose();
    }
  });

  it('the restarted server answers an edit', async () => {
    const note = notes[1];
    const original = note.doc.getText();
    const editor = await vscode.window.showTextDocument(note.doc);
    await editor.edit((e) => e.insert(note.doc.lineAt(note.doc.lineCount - 1).range.end, '\nJapan enacted its Security Legislation in 2013 [@borah2024].'));
    const d = await diagnosticsWhen(note.uri, (x) => x.some((y) => y.range.start.line === note.doc.lineCount - 1), 'the new line checked');
    assert.equal(d.find((y) => y.range.start.line === note.doc.lineCount - 1).code, 'date-conflict');
    await restoreText(note.doc, original);
    await diagnosticsWhen(note.uri, (x) => x.length === 5, 'back to five findings');
  });
});
