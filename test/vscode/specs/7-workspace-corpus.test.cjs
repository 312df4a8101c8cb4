// A source saved into the workspace corpus folder changes an open note's diagnostics, with
// no restart; editing and deleting it does too.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const vscode = require('vscode');
const { openNote, diagnosticsWhen, lineCodes, codeOf, fileIn, textAt, closeAllEditors } = require('./support.cjs');

const shipyard = (month) => `---
id: shipyard2025
title: "A shipyard accord"
publisher: "Dockside Weekly"
date: "2025-03-01"
---

India and Japan signed the Harbour Maintenance Accord in ${month} 2023, letting Japanese support vessels be repaired at Indian shipyards.
`;

describe('the workspace corpus folder', () => {
  const source = fileIn('sources/shipyard2025.md').fsPath;
  let note, lines;
  before(async () => {
    note = await openNote('notes/coast-guards.md');
    const text = note.doc.getText().split('\n');
    lines = { march: text.findIndex((l) => l.includes('March 2024')), accord: text.findIndex((l) => l.includes('Harbour Maintenance')) };
    await diagnosticsWhen(note.uri, (d) => d.length === 2, 'two findings');
  });
  after(async () => {
    fs.rmSync(source, { force: true });
    await closeAllEditors();
  });

  it('before: the note cites a key no source has', () => {
    assert.deepEqual(lineCodes(vscode.languages.getDiagnostics(note.uri)), [`${lines.march}:date-conflict`, `${lines.accord}:unknown-source`]);
  });

  it('a source added to the folder makes the key known', async () => {
    fs.writeFileSync(source, shipyard('November'));
    const d = await diagnosticsWhen(note.uri, (x) => !x.some((y) => codeOf(y) === 'unknown-source'), 'the unknown-source finding to go');
    assert.deepEqual(lineCodes(d), [`${lines.march}:date-conflict`]);
  });

  it('an edit to that source is read: the note\'s date now conflicts with it', async () => {
    fs.writeFileSync(source, shipyard('December'));
    const d = await diagnosticsWhen(note.uri, (x) => x.some((y) => y.range.start.line === lines.accord), 'the accord line flagged');
    const conflict = d.find((y) => y.range.start.line === lines.accord);
    assert.equal(codeOf(conflict), 'date-conflict');
    assert.match(conflict.message, /December 2023, not November 2023/);
    const [{ location }] = conflict.relatedInformation;
    assert.equal(location.uri.fsPath, source);
    assert.match(textAt(location.uri, location.range), /Harbour Maintenance Accord in December 2023/);
  });

  it('the source removed again: the key is unknown again', async () => {
    fs.rmSync(source);
    const d = await diagnosticsWhen(note.uri, (x) => x.some((y) => codeOf(y) === 'unknown-source'), 'the unknown-source finding to return');
    assert.deepEqual(lineCodes(d), [`${lines.march}:date-conflict`, `${lines.accord}:unknown-source`]);
  });
});
