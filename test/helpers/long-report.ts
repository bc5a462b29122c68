/**
 * A long report as an author could really write one, for the checks that must never refuse it: some 120 KB,
 * 20 sections of 10 paragraphs with links, e-mail and web addresses, emphasis and code in every one, a quote,
 * 100 list items with links, and a table of 300 rows and 7 columns. Denser in marks than any report of the
 * examples (some 45 per KB, where the densest example has 8).
 */
export function longReport(): string {
  const parts: string[] = [];
  for (let s = 0; s < 20; s++) {
    parts.push(`## Section ${s + 1}: results of the programme in the region\n\n`);
    for (let p = 0; p < 10; p++) {
      parts.push(
        `The seminar in Aktau brought together **${p + 12} police officers**, prosecutors and social workers from ` +
          `the region, with the support of the [International Organization for Migration](https://www.iom.int/countries/kazakhstan). ` +
          `Participants discussed the \`National Referral Mechanism\`, _victim identification_ and the new law on trafficking; ` +
          `write to aalikova@iom.int for the materials (see also www.example.org/report-${s}-${p}).\n\n`,
      );
    }
    if (s % 4 === 0) parts.push('> “We have learnt how to identify victims,” said one participant.\n> The hotline 11616 answers day and night.\n\n');
    for (let i = 0; i < 5; i++) parts.push(`- Item ${i + 1}: a [referral](https://example.org/${s}/${i}) to *shelter* or \`legal aid\`\n`);
    parts.push('\n');
  }
  parts.push('| Region | Cases | Women | Men | Children | Referred | Notes |\n|---|---:|---:|---:|---:|---:|---|\n');
  for (let r = 0; r < 300; r++) parts.push(`| Region ${r} | ${r * 3} | ${r} | ${r + 1} | ${r % 7} | ${r * 2} | *see* [note](https://example.org/n${r}) |\n`);
  return parts.join('');
}
