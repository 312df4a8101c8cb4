// Notes the protocol tests open, written against the embedded corpus. Each line
// of NOTE states one fact; the comment after it says what an editor must show.
// Helper module, not a test.

export const NOTE = `---
title: Test note on the 2+2 track
---

# India and Japan: the 2+2 track

The first 2+2 dialogue between India and Japan was held in 2019 [@smallsteps2024].
The first 2+2 dialogue between India and Japan was held in 2018 [@smallsteps2024].
Japan enacted its Security Legislation in 2015.
Rajnath Singh met Yasukazu Hamada in Tokyo for the second 2+2 [@nakatani2025].
Rajnath Singh met Yasukazu Hamada in Tokyo for the second 2+2 [@bhatacharjee2022].
The armies train together in the Dharma Guardain exercise [@bhattacharjee2022].
Japan invited India to join the Global Combat Air Program [@nakatani2025].

We assess that the partnership is likely to deepen.

\`\`\`
Code is not checked: the 2+2 took place in 2017 [@nosuchsource].
\`\`\`
`;

/** The (line, code) pairs NOTE must produce, by the text of the line. */
export const NOTE_EXPECTED: [string, string][] = [
  ["held in 2018 [@smallsteps2024]", "date-conflict"],
  ["Security Legislation in 2015.", "unsourced-claim"],
  ["second 2+2 [@nakatani2025]", "citation-mismatch"],
  ["[@bhatacharjee2022]", "unknown-source"],
  ["Dharma Guardain", "unknown-name"],
];
