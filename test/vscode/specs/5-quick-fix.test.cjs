// Quick fixes as vscode.executeCodeActionProvider offers them, applied with
// workspace.applyEdit and taken back with the `undo` command, checking the text each time.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const { openNote, diagnosticsWhen, rangeOf, codeOf, lineCodes, restoreText, closeAllEditors } = require('./support.cjs');

describe('quick fixes', () => {
  let note, original, before5;
  before(async () => {
    note = await openNote('notes/defence-ties.md');
    before5 = lineCodes(await diagnosticsWhen(note.uri, (d) => d.length === 5, 'five findings'));
    original = note.doc.getText();
  });
  // A failed step must not leave its edit for the next one.
  afterEach(async () => {
    if (note.doc.getText() !== original) {
      await restoreText(note.doc, original);
      await diagnosticsWhen(note.uri, (d) => d.length === 5, 'five findings again');
    }
  });
  after(closeAllEditors);

  // Markdown's own refactorings ("Insert bold text", …) are not quick fixes. (The API command
  // returns actions without their diagnostics, so the finding is checked through the edit.)
  const quickFixes = (range) =>
    vscode.commands.executeCommand('vscode.executeCodeActionProvider', note.uri, range, vscode.CodeActionKind.QuickFix.value);

  async function applyThenUndo(needle, code, expectedTitle, replacement) {
    const [fix, ...others] = await quickFixes(rangeOf(note.doc, needle));
    assert.ok(fix, `a quick fix on "${needle}"`);
    assert.equal(others.length, 0, 'one fix per finding');
    assert.equal(fix.title, expectedTitle);
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.kind.value, 'quickfix');

    await vscode.window.showTextDocument(note.doc, { preview: false });
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'the edit applies');
    assert.equal(note.doc.getText(), original.replace(needle, replacement));
    await diagnosticsWhen(note.uri, (d) => !d.some((x) => codeOf(x) === code), `the ${code} finding to go`);

    await vscode.commands.executeCommand('undo');
    assert.equal(note.doc.getText(), original, 'undo restores the note');
    assert.equal(note.doc.isDirty, false);
    const back = await diagnosticsWhen(note.uri, (d) => d.length === 5, `the ${code} finding to come back`);
    assert.deepEqual(lineCodes(back), before5);
  }

  it('unknown-name: correct the misspelt name, then undo', () =>
    applyThenUndo('Dharma Guardain', 'unknown-name', 'Correct to "Dharma Guardian"', 'Dharma Guardian'));

  it('citation-mismatch: cite the source that supports the sentence instead, then undo', async () => {
    const [fix] = await quickFixes(rangeOf(note.doc, '[@sng2025]'));
    assert.match(fix.title, /nakatani2025/);
    await applyThenUndo('Air Program [@sng2025]', 'citation-mismatch', fix.title, 'Air Program [@nakatani2025]');
  });

  it('date-conflict: set the date the source gives, then undo', async () => {
    const [fix] = await quickFixes(rangeOf(note.doc, '2021'));
    assert.match(fix.title, /2022/);
    await applyThenUndo('Tokyo in 2021', 'date-conflict', fix.title, 'Tokyo in 2022');
  });
});
