// Lint, and the layering rules of the brief: shared sees neither Node nor the DOM, the
// renderer sees only shared code and the preload's API, the preload sees only electron and
// shared, and main never reaches into the renderer or the preload.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeModules = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'url', 'stream', 'worker_threads', 'http', 'https', 'net'];
const layer = (files, patterns, extra = {}) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns, ...extra }] },
});
const forbid = (group, message) => ({ group, message });

// The floors of src/main, bottom up, and the import paths that reach each floor.
const reach = {
  engines: ['(^|/)(handouts|backups|stats|interchange|auditExport)(/|$)|(^|/)(seed|check)$', 'the engines'],
  services: ['(^|/)services(/|$)', 'the services'],
  workers: ['(^|/)workers(/|$)', 'the worker thread'],
  surfaces: ['(^|/)(api|browser|cli)(/|$)|(^|/)compose$', 'the surfaces'],
  desktop: ['(^|/)desktop(/|$)', 'desktop/'],
};
const mainStack = [
  {
    name: 'The record layer',
    files: ['src/main/db/**', 'src/main/files/**', 'src/main/paths.ts', 'src/main/security.ts', 'src/main/version.ts'],
    above: [reach.engines, reach.services, reach.workers, reach.surfaces, reach.desktop],
  },
  {
    name: 'An engine',
    files: [
      'src/main/handouts/**',
      'src/main/backups/**',
      'src/main/stats/**',
      'src/main/interchange/**',
      'src/main/auditExport/**',
      'src/main/seed.ts',
      'src/main/check.ts',
    ],
    above: [reach.services, reach.workers, reach.surfaces, reach.desktop],
  },
  { name: 'A service', files: ['src/main/services/**'], above: [reach.workers, reach.surfaces, reach.desktop] },
  // The worker thread runs engines over the record layer; the surfaces hand it their heavy jobs.
  { name: 'The worker thread', files: ['src/main/workers/**'], above: [reach.surfaces, reach.desktop] },
  { name: 'A surface', files: ['src/main/api/**', 'src/main/browser/**', 'src/main/cli/**', 'src/main/compose.ts'], above: [reach.desktop] },
  { name: 'desktop/', files: ['src/main/desktop/**'], above: [] },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'drizzle/**', 'test-results/**', '.electron-native/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // One import per module: a second one hides what a file takes from it.
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      // zod's named `z` is a namespace the bundlers keep whole, every language's messages with it
      // (600 kB of the browser mode's server and of its worker, read at every start).
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z']",
          message: "Import zod as `import * as z from 'zod'`, so that the bundles keep only what is used.",
        },
      ],
    },
  },
  layer(
    ['src/shared/**'],
    [
      forbid(nodeModules, 'src/shared runs everywhere: no Node modules.'),
      forbid(
        ['electron', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'react', 'react-dom', 'pdfkit'],
        'src/shared holds only the vocabulary, schemas and the API contract.',
      ),
      forbid(['**/main/**', '**/renderer/**', '**/preload/**', '../main', '../renderer', '../preload'], 'src/shared must not depend on another layer.'),
    ],
  ),
  layer(
    ['src/renderer/**'],
    [
      forbid(nodeModules, 'The renderer runs in a browser: no Node modules.'),
      forbid(['electron', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'pdfkit'], 'The renderer reaches the data only through the API.'),
      forbid(['**/main/**', '**/preload/**', '../main', '../preload'], 'The renderer sees only src/shared and the preload API.'),
    ],
  ),
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  layer(
    ['src/preload/**'],
    [
      forbid(['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'react', ...nodeModules], 'The preload only bridges the API.'),
      forbid(['**/main/**', '**/renderer/**', '../main', '../renderer'], 'The preload sees only src/shared and electron.'),
    ],
  ),
  // src/main is a stack: each floor imports only the floors below it (shared first), and only
  // desktop/ may import electron. A file that reaches up fails here.
  ...mainStack.map(({ name: floorName, files, above }, floor) =>
    layer(files, [
      forbid(['**/renderer/**', '**/preload/**', '../renderer', '../preload'], 'The main process must not depend on the renderer or the preload.'),
      ...(floor < mainStack.length - 1
        ? [forbid(['electron', 'electron/*'], 'Only src/main/desktop/ imports electron; the rest of main runs without it (browser mode, CLI, tests).')]
        : []),
      ...above.map(([regex, name]) => ({
        // '@shared/stats' or '@shared/api' name src/shared, not a floor of src/main.
        regex: `^(?!@shared/).*(?:${regex})`,
        message: `${floorName} must not import ${name}: src/main is a stack (shared ← record layer ← engines ← services ← worker thread ← surfaces ← desktop), each floor importing only those below it.`,
      })),
    ]),
  ),
);
