// The floor for lint: a bare script that reads every report of an edition and parses its body with
// remark-parse and remark-gfm, the parser that lint (and build) must run, and does nothing else: no YAML,
// no validation, no rules. bench.ts bundles it with esbuild, as the command line is bundled, so that both
// load their code alike. Usage: node parse-floor.cjs EDITION_DIR
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const dir = path.join(process.argv[2], 'reports');
const parser = unified().use(remarkParse).use(remarkGfm);
let blocks = 0;
for (const name of readdirSync(dir).sort()) {
  const text = readFileSync(path.join(dir, name), 'utf8');
  const close = text.indexOf('\n---', 3);
  blocks += parser.parse(close === -1 ? text : text.slice(close + 4)).children.length;
}
if (blocks === 0) {
  process.stderr.write('parse-floor: parsed nothing\n');
  process.exit(1);
}
