// What the Problems panel holds for a note: each finding's code, severity and range, and
// the source passage it rests on (relatedInformation), as vscode.languages.getDiagnostics
// gives them.
'use strict';
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');
const { openNote, diagnosticsWhen, codeOf, lineCodes, textAt, extension, fileIn, screenshot, closeAllEditors, sleep } = require('./support.cjs');

const SEVERITY = vscode.DiagnosticSeverity;

describe('diagnostics', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await closeAllEditors();
  });

  it('a note citing the embedded corpus: all five kinds of finding, on the words they are about', async () => {
    const { doc, uri } = await openNote('notes/defence-ties.md');
    const diagnostics = await diagnosticsWhen(uri, (d) => d.length === 5, 'five findings');
    const seen = diagnostics
      .map((d) => ({ code: codeOf(d), line: d.range.start.line, text: doc.getText(d.range), severity: d.severity, source: d.source }))
      .sort((a, b) => a.line - b.line);
    const at = (needle) => doc.getText().split('\n').findIndex((l) => l.includes(needle));
    assert.deepEqual(seen, [
      { code: 'date-conflict', line: at('in Tokyo in 2021'), text: '2021', severity: SEVERITY.Warning, source: 'briefing-notes' },
      { code: 'citation-mismatch', line: at('Global Combat Air Program'), text: '[@sng2025]', severity: SEVERITY.Warning, source: 'briefing-notes' },
      { code: 'unknown-name', line: at('Dharma Guardain'), text: 'Dharma Guardain', severity: SEVERITY.Warning, source: 'briefing-notes' },
      { code: 'unsourced-claim', line: at('2% of GDP'), text: 'Japan will raise defence spending to 2% of GDP in 2027.', severity: SEVERITY.Warning, source: 'briefing-notes' },
      { code: 'unknown-source', line: at('[@smalsteps2024]'), text: 'smalsteps2024', severity: SEVERITY.Error, source: 'briefing-notes' },
    ]);
    const message = (code) => diagnostics.find((d) => codeOf(d) === code).message;
    assert.match(message('date-conflict'), /2022, not 2021/);
    assert.match(message('citation-mismatch'), /sng2025 does not mention "Global Combat Air Program"; nakatani2025 does/);
    assert.match(message('unknown-name'), /Did you mean "Dharma Guardian"/);
    assert.match(message('unsourced-claim'), /cites no source/);
    assert.match(message('unknown-source'), /Did you mean "smallsteps2024"/);
  });

  it('each finding points at the source passage it rests on, in the installed embedded corpus', async () => {
    const { uri } = await openNote('notes/defence-ties.md');
    const diagnostics = await diagnosticsWhen(uri, (d) => d.length === 5, 'five findings');
    const corpus = path.join(extension().extensionPath, 'corpus');
    const expected = {
      'date-conflict': ['bhattacharjee2022', /second 2\+2 ministerial meeting on 8 September in Tokyo/],
      'citation-mismatch': ['nakatani2025', /invited India to join the Global Combat Air Program \(GCAP\)/],
      'unknown-name': ['bhattacharjee2022', /“Dharma Guardian” \(army to army\)/],
      'unsourced-claim': ['sng2025', /hike defence spending to 2% of the GDP in 2027/],
    };
    for (const d of diagnostics) {
      const code = codeOf(d);
      if (code === 'unknown-source') {
        assert.deepEqual(d.relatedInformation ?? [], [], 'an unknown key has no passage');
        continue;
      }
      const [key, passage] = expected[code];
      assert.equal(d.relatedInformation?.length, 1, `${code}: one related passage`);
      const [{ location, message }] = d.relatedInformation;
      assert.equal(location.uri.fsPath, path.join(corpus, `${key}.md`), `${code}: in ${key}`);
      assert.match(textAt(location.uri, location.range), passage, `${code}: the range covers the passage`);
      assert.ok(message.startsWith(`${key}: `), `${code}: the related message names the source (${message})`);
    }
  });

  it('a note citing the workspace corpus: its passage is in the workspace folder', async () => {
    const { doc, uri } = await openNote('notes/coast-guards.md');
    const diagnostics = await diagnosticsWhen(uri, (d) => d.length === 2, 'two findings');
    const at = (needle) => doc.getText().split('\n').findIndex((l) => l.includes(needle));
    assert.deepEqual(lineCodes(diagnostics), [`${at('in March 2024')}:date-conflict`, `${at('shipyard2025')}:unknown-source`].sort());
    const conflict = diagnostics.find((d) => codeOf(d) === 'date-conflict');
    assert.equal(doc.getText(conflict.range), 'March 2024');
    assert.match(conflict.message, /January 2024, not March 2024/);
    const [{ location }] = conflict.relatedInformation;
    assert.equal(location.uri.fsPath, fileIn('sources/coastdrill2024.md').fsPath);
    assert.match(textAt(location.uri, location.range), /Sahyog Kaijin exercise off Chennai in January 2024/);
  });

  it('the Problems panel lists them (screenshot)', async () => {
    const { uri } = await openNote('notes/defence-ties.md');
    await diagnosticsWhen(uri, (d) => d.length === 5, 'five findings');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await sleep(500);
    await screenshot('problems-panel.png', { waitFor: '.markers-panel .monaco-list-row', clip: ['.part.editor', '.part.panel'], settleMs: 800 });
  });
});
