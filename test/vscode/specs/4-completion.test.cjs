// Completion, as vscode.executeCompletionItemProvider returns it and as the suggest widget
// shows it: source keys after `[@`, corpus names on a capitalised prefix.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const { openNote, diagnosticsWhen, label, screenshot, restoreText, closeAllEditors, sleep } = require('./support.cjs');

const KEYS = ['bhattacharjee2022', 'borah2024', 'coastdrill2024', 'nakatani2025', 'smallsteps2024', 'sng2025'];
// `resolve`: how many items VS Code resolves (asks the server for their documentation), as it does for the selected one.
const completionsAt = (uri, position, trigger, resolve) =>
  vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, position, trigger, resolve);
// Items from Briefing Notes only: VS Code also offers words of the document.
const ours = (list) => list.items.filter((i) => i.kind !== vscode.CompletionItemKind.Text);

describe('completion', () => {
  let note, original;
  before(async () => {
    note = await openNote('notes/defence-ties.md');
    original = note.doc.getText();
    await diagnosticsWhen(note.uri, (d) => d.length === 5, 'five findings');
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('hideSuggestWidget');
    await restoreText(note.doc, original);
  });
  after(closeAllEditors);

  /** Appends `text` as a new last line and returns the position after it. */
  async function type(text) {
    const editor = await vscode.window.showTextDocument(note.doc, { preview: false });
    const end = note.doc.lineAt(note.doc.lineCount - 1).range.end;
    await editor.edit((e) => e.insert(end, `\n${text}`));
    return note.doc.lineAt(note.doc.lineCount - 1).range.end;
  }

  it('after [@: every source key, embedded and workspace, with title, publisher and date; the supporting one first', async () => {
    const at = await type('Japan invited India to join GCAP [@');
    const items = ours(await completionsAt(note.uri, at, '@', 20));
    assert.deepEqual(items.map(label).sort(), KEYS);
    const first = [...items].sort((a, b) => (a.sortText ?? label(a)).localeCompare(b.sortText ?? label(b)))[0];
    assert.equal(label(first), 'nakatani2025', 'the source that mentions GCAP comes first');
    const coast = items.find((i) => label(i) === 'coastdrill2024');
    assert.match(coast.detail, /Coast guards drill off Chennai — Harbour Gazette — 2024-02-02/);
    assert.equal(coast.kind, vscode.CompletionItemKind.Reference);
    // Resolved on request: the source card (title, key, byline).
    const card = typeof coast.documentation === 'string' ? coast.documentation : coast.documentation?.value ?? '';
    assert.match(card, /Coast guards drill off Chennai/);
    assert.match(card, /\[@coastdrill2024\]/);
  });

  it('the suggest widget after [@ (screenshot)', async () => {
    const end = await type('Japan invited India to join GCAP [@');
    const editor = vscode.window.activeTextEditor;
    editor.selection = new vscode.Selection(end, end);
    editor.revealRange(new vscode.Range(end, end));
    // Room beside the list for its details pane.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await sleep(500);
    // The side pane shows the focused key's title, publisher, date and author.
    await vscode.commands.executeCommand('toggleSuggestionDetails');
    try {
      await screenshot('completion-citation-keys.png', { waitFor: '.suggest-widget.visible .monaco-list-row', clip: ['.part.editor'], clipHeight: 650, settleMs: 1000 });
    } finally {
      await vscode.commands.executeCommand('hideSuggestWidget');
      await vscode.commands.executeCommand('workbench.view.explorer');
    }
  });

  it('a capitalised prefix: the corpus names that start with it', async () => {
    const at = await type('The armies train in Dharma Gu');
    const items = ours(await completionsAt(note.uri, at));
    const dharma = items.find((i) => label(i) === 'Dharma Guardian');
    assert.ok(dharma, `Dharma Guardian offered (got ${items.map(label).join(', ')})`);
    assert.match(dharma.detail ?? '', /exercise/);
    // Accepting it replaces the typed prefix rather than appending to it.
    const range = dharma.range.replacing ?? dharma.range;
    assert.equal(note.doc.getText(range), 'Dharma Gu');
    const sahyog = ours(await completionsAt(note.uri, await type('They drilled in Sahyog')));
    assert.ok(sahyog.some((i) => label(i) === 'Sahyog Kaijin'), 'names from the workspace corpus too');
  });
});
