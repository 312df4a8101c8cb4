// Hover, as vscode.executeHoverProvider returns it and as the hover widget shows it.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const { openNote, diagnosticsWhen, positionOf, hoverText, screenshot, closeAllEditors } = require('./support.cjs');

const hoverAt = async (uri, position) => hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position));

describe('hover', () => {
  let note;
  before(async () => {
    note = await openNote('notes/defence-ties.md');
    await diagnosticsWhen(note.uri, (d) => d.length === 5, 'five findings');
  });
  after(closeAllEditors);

  it('on a name: what it is, its dates and the sentence of the source that gives it', async () => {
    const text = await hoverAt(note.uri, positionOf(note.doc, 'Global Combat Air Program', 7));
    assert.match(text, /\*\*Global Combat Air Program\*\* \(GCAP\)/);
    assert.match(text, /programme in 1 source: `nakatani2025`/);
    assert.match(text, /by 2035/);
    assert.match(text, /^> Japan also invited India to join the Global Combat Air Program \(GCAP\)/m);
  });

  it('on a date: what the sources say happened then', async () => {
    const text = await hoverAt(note.uri, positionOf(note.doc, '2019', 2));
    assert.match(text, /\*\*2019\*\* in the sources/);
    assert.match(text, /The India-Japan 2\+2 began in 2019.*`smallsteps2024`/);
  });

  it('on [@key]: the source\'s title, publisher and the passage that best supports the sentence', async () => {
    const text = await hoverAt(note.uri, positionOf(note.doc, 'smallsteps2024]', 3));
    assert.match(text, /\*\*India and Japan take small steps towards stronger ties\*\*/);
    assert.match(text, /The Strategist \(ASPI\) · 2024/);
    assert.match(text, /best supports/);
    assert.match(text, /^> The India-Japan 2\+2 began in 2019/m);
  });

  it('on plain words: nothing from Briefing Notes', async () => {
    const text = await hoverAt(note.uri, positionOf(note.doc, 'brings the two armies', 3));
    assert.doesNotMatch(text, /source/);
  });

  it('the hover widget on a conflicting date shows the finding with its fix (screenshot)', async () => {
    const editor = await vscode.window.showTextDocument(note.doc, { preview: false });
    const at = positionOf(note.doc, 'in 2021', 5);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('hover-date-conflict.png', { waitFor: '.monaco-hover .hover-row', clip: ['.part.editor'], clipHeight: 440, settleMs: 800 });
    await vscode.commands.executeCommand('editor.action.hideHover').then(undefined, () => {});
  });
});
