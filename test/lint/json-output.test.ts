/**
 * The JSON output is an interface: scripts and editors read it. Its exact shape over a fixture with many
 * kinds of problem is kept in __snapshots__/lint-json.json; a change shows up as a diff to review
 * (`npx vitest run test/lint/json-output.test.ts -u` accepts it).
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/edition.js';
import { FIXTURES_DIR } from '../helpers/lint-fixtures.js';

it('bulletin lint --format json over a fixture with many problems', async () => {
  const edition = path.join(FIXTURES_DIR, 'multi-problem');
  // From a neutral folder with an absolute edition path: the output must not depend on either.
  const r = spawnSync(process.execPath, [CLI, 'lint', edition, '--format', 'json'], {
    cwd: os.tmpdir(),
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', TZ: 'UTC', LANG: 'C' },
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toBe('');
  // `file` is relative to the edition, with forward slashes; no absolute path leaks into the output.
  expect(r.stdout).not.toContain(ROOT);
  const parsed = JSON.parse(r.stdout) as { file: string }[];
  for (const d of parsed) expect(d.file).toMatch(/^(bulletin\.yaml|reports\/[a-z-]+\.md)$/);
  await expect(r.stdout).toMatchFileSnapshot('__snapshots__/lint-json.json');
});
