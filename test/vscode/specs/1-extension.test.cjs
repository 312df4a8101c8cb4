// The packaged extension as VS Code loads it: installed from the .vsix, activated by a
// Markdown note, its commands registered, its corpus the embedded one plus the workspace's.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { extension, openNote, closeAllEditors, waitFor } = require('./support.cjs');

describe('the extension', () => {
  after(closeAllEditors);

  it('is the installed .vsix: bundled client and server, the embedded corpus, nothing else', function () {
    // Only when run.mjs installed a .vsix; a desktop run loads the development folder instead.
    if (!process.env.BRIEFING_INSTALLED_VSIX) this.skip();
    const installed = process.env.BRIEFING_EXTENSIONS_DIR;
    const ext = extension();
    assert.equal(path.dirname(ext.extensionPath), installed, 'loaded from the run\'s extensions folder');
    // .vsixmanifest is written by the installation; a CHANGELOG.md would be welcome too.
    const files = fs.readdirSync(ext.extensionPath).filter((f) => f !== 'CHANGELOG.md').sort();
    assert.deepEqual(files, ['.vsixmanifest', 'LICENSE.txt', 'corpus', 'dist', 'docs', 'package.json', 'readme.md', 'syntaxes']);
    assert.deepEqual(fs.readdirSync(path.join(ext.extensionPath, 'dist')).sort(), ['client.cjs', 'server.cjs']);
    assert.equal(ext.packageJSON.main, './dist/client.cjs');
  });

  it('activates when a Markdown note is opened', async () => {
    await openNote('notes/defence-ties.md');
    await waitFor(() => extension().isActive, { message: 'the extension to activate' });
  });

  it('registers Show Corpus Index and Restart Server', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('briefingNotes.showCorpusIndex'));
    assert.ok(commands.includes('briefingNotes.restartServer'));
  });

  it('indexes the embedded corpus and the workspace corpus folder from .vscode/settings.json', async () => {
    assert.deepEqual(vscode.workspace.getConfiguration('briefingNotes').get('corpus.paths'), ['sources']);
    await vscode.commands.executeCommand('briefingNotes.showCorpusIndex');
    const text = await waitFor(() => {
      const doc = vscode.window.activeTextEditor?.document;
      return doc?.uri.scheme === 'briefing-notes-index' && /coastdrill2024/.test(doc.getText()) ? doc.getText() : undefined;
    }, { message: 'the corpus index page listing coastdrill2024' });
    for (const key of ['bhattacharjee2022', 'borah2024', 'nakatani2025', 'smallsteps2024', 'sng2025', 'coastdrill2024'])
      assert.match(text, new RegExp(`\`${key}\``), `${key} listed`);
    assert.match(text, /Dharma Guardian/);
    assert.match(text, /Sahyog Kaijin/, 'names are read from the workspace source too');
  });
});
