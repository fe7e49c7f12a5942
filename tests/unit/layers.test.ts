/**
 * The floors of src/main as the project's own ESLint configuration enforces them: a probe file
 * that reaches up a floor (or imports electron outside desktop/) is reported, an import down
 * the stack is not. The probes are linted as text under a path in the tree; no file is written.
 */
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

/** The no-restricted-imports messages for `code` as if it were the file at `path`. */
async function restricted(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layers of src/main', () => {
  it.each([
    [
      'a service importing electron',
      'src/main/services/probe.ts',
      "import { app } from 'electron';\nexport const name = app.getName();\n",
      /Only src\/main\/desktop\/ imports electron/,
    ],
    [
      'an engine importing the services',
      'src/main/handouts/probe.ts',
      "import { workstation } from '../services/context';\nexport const probe = workstation;\n",
      /An engine must not import the services/,
    ],
    [
      'the record layer importing a surface',
      'src/main/db/probe.ts',
      "import { createHandlers } from '../api/handlers';\nexport const probe = createHandlers;\n",
      /The record layer must not import the surfaces/,
    ],
    [
      'an engine importing electron',
      'src/main/stats/probe.ts',
      "import { dialog } from 'electron';\nexport const probe = dialog;\n",
      /Only src\/main\/desktop\/ imports electron/,
    ],
    [
      'a service importing a surface',
      'src/main/services/probe.ts',
      "import { composeApp } from '../compose';\nexport const probe = composeApp;\n",
      /A service must not import the surfaces/,
    ],
  ])('reports %s', async (_what, path, code, message) => {
    const messages = await restricted(path, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it.each([
    ['a service importing the record layer', 'src/main/services/probe.ts', "import { openStore } from '../db/open';\nexport const probe = openStore;\n"],
    ['an engine importing shared code', 'src/main/handouts/probe.ts', "import { sites } from '@shared/vocabulary';\nexport const probe = sites;\n"],
    [
      'desktop/ importing electron and a surface',
      'src/main/desktop/probe.ts',
      "import { app } from 'electron';\nimport { composeApp } from '../compose';\nexport const probe = [app, composeApp];\n",
    ],
  ])('allows %s', async (_what, path, code) => {
    expect(await restricted(path, code)).toEqual([]);
  });
});
