// Go to definition: from a citation or a name to the source passage, opened in an editor.
'use strict';
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');
const { openNote, diagnosticsWhen, positionOf, extension, fileIn, closeAllEditors } = require('./support.cjs');

async function definitionAt(uri, position) {
  const locations = await vscode.commands.executeCommand('vscode.executeDefinitionProvider', uri, position);
  assert.equal(locations.length, 1, 'one definition');
  const l = locations[0];
  return { uri: l.uri ?? l.targetUri, range: l.targetSelectionRange ?? l.range ?? l.targetRange };
}

/** Opens a location the way "Go to Definition" does and returns the line the cursor lands on. */
async function open(location) {
  const editor = await vscode.window.showTextDocument(location.uri, { selection: location.range, preview: true });
  assert.equal(vscode.window.activeTextEditor, editor);
  assert.equal(editor.document.uri.fsPath, location.uri.fsPath);
  assert.equal(editor.selection.start.line, location.range.start.line);
  return editor.document.lineAt(editor.selection.start.line).text.slice(editor.selection.start.character);
}

describe('go to definition', () => {
  after(closeAllEditors);

  it('from [@key] opens the embedded source at the passage that supports the sentence', async () => {
    const note = await openNote('notes/defence-ties.md');
    await diagnosticsWhen(note.uri, (d) => d.length === 5, 'five findings');
    const location = await definitionAt(note.uri, positionOf(note.doc, 'smallsteps2024]', 4));
    assert.equal(location.uri.fsPath, path.join(extension().extensionPath, 'corpus', 'smallsteps2024.md'));
    assert.match(await open(location), /^The India-Japan 2\+2 began in 2019/);
  });

  it('from a name opens the source that gives it', async () => {
    const note = await openNote('notes/defence-ties.md');
    const location = await definitionAt(note.uri, positionOf(note.doc, 'Global Combat Air Program', 4));
    assert.equal(path.basename(location.uri.fsPath), 'nakatani2025.md');
    assert.match(await open(location), /^Japan also invited India to join the Global Combat Air Program/);
  });

  it('from a key of the workspace corpus opens the file in the workspace folder', async () => {
    const note = await openNote('notes/coast-guards.md');
    await diagnosticsWhen(note.uri, (d) => d.length === 2, 'two findings');
    const location = await definitionAt(note.uri, positionOf(note.doc, 'coastdrill2024]', 2));
    assert.equal(location.uri.fsPath, fileIn('sources/coastdrill2024.md').fsPath);
    assert.match(await open(location), /^The Indian and Japanese coast guards held the Sahyog Kaijin exercise/);
  });
});
