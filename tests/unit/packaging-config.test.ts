/**
 * The packaging configuration (electron-builder.config.ts), without packaging: the Electron
 * runtime cannot be downloaded here. The file is loaded and validated by electron-builder's
 * own loader and schema, then its fuses, targets, files and extra resources are checked, and
 * the code that finds the migrations and handout templates finds them where the extra
 * resources put them in an installed app.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Configuration } from 'electron-builder';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import config from '../../electron-builder.config';
import { findMigrationsFolder } from '../../src/main/db/open';
import { findHandoutsFolder } from '../../src/main/handouts/content';

const root = join(__dirname, '..', '..');
const requireHere = createRequire(join(root, 'package.json'));
const requireBuilder = createRequire(requireHere.resolve('app-builder-lib/package.json'));
const builderConfig = requireBuilder('./out/util/config/config') as {
  getConfig(projectDir: string, configPath: string): Promise<Configuration>;
  validateConfiguration(config: Configuration, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = requireBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const minimatch = requireBuilder('minimatch') as { minimatch(path: string, pattern: string): boolean };
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  build?: unknown;
};

type Resource = { from: string; to: string; filter: string[] };
const extraResources = config.extraResources as Resource[];

describe('the packaging configuration', () => {
  let loaded: Configuration;
  beforeAll(async () => {
    loaded = await builderConfig.getConfig(root, 'electron-builder.config.ts');
  });

  it("is read by electron-builder's own loader as the dist scripts name it, and passes its schema", async () => {
    // package.json has no "build" field to merge in.
    expect(packageJson.build).toBeUndefined();
    // The loader writes the file list as a file set; nothing else changes.
    expect(loaded).toEqual({ ...config, files: [{ filter: config.files }] });
    await expect(builderConfig.validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('names the app and builds an NSIS installer, a dmg, an AppImage and a deb', () => {
    expect(config).toMatchObject({ appId: 'org.milia-notes.desktop', productName: 'Milia Notes' });
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false });
    expect(config.mac).toMatchObject({ target: ['dmg'] });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
  });

  it('flips every Electron fuse that lends the app to someone else', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the built app and its manifest only, in an archive, with the main entry inside', () => {
    expect(config.files).toEqual(['out/**/*', 'package.json']);
    expect(config.asar).toBe(true);
    const packed = (path: string) => (config.files as string[]).some((pattern) => minimatch.minimatch(path, pattern));
    expect(packed(packageJson.main.replace(/^\.\//, ''))).toBe(true);
    expect(packed('out/preload/index.js')).toBe(true);
    expect(packed('out/renderer/index.html')).toBe(true);
    for (const left of ['src/main/desktop/index.ts', 'tests/unit/cli.test.ts', '.electron-native/better_sqlite3.node', 'milia-notes.db', 'README.md']) {
      expect(packed(left)).toBe(false);
    }
  });

  it('unpacks the database engine and the password hashing from the archive, and rebuilds the engine for Electron', () => {
    expect(config.npmRebuild).toBe(true);
    const unpacked = config.asarUnpack as string[];
    const engine = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    // The hashing's build for this machine, as npm installed it; each platform's is named alike.
    const hashing = 'node_modules/@node-rs/argon2-linux-x64-gnu/argon2.linux-x64-gnu.node';
    for (const native of [engine, hashing]) {
      expect(existsSync(join(root, native))).toBe(true);
      expect(unpacked.some((pattern) => minimatch.minimatch(native, pattern))).toBe(true);
    }
    expect(unpacked.some((pattern) => minimatch.minimatch('node_modules/@node-rs/argon2-win32-x64-msvc/argon2.win32-x64-msvc.node', pattern))).toBe(true);
    expect(unpacked.some((pattern) => minimatch.minimatch('node_modules/drizzle-orm/index.js', pattern))).toBe(false);
  });

  it('ships the migrations and every resource folder outside the archive, each an existing folder', () => {
    expect(extraResources.map(({ from, to }) => [from, to])).toEqual([
      ['drizzle', 'drizzle'],
      ['resources/handouts', 'handouts'],
    ]);
    for (const { from } of extraResources) {
      expect(statSync(join(root, from)).isDirectory()).toBe(true);
      expect(readdirSync(join(root, from)).length).toBeGreaterThan(0);
    }
    // A folder added to resources/ later must be shipped (and found) too.
    const shipped = new Set(extraResources.map((r) => r.from));
    for (const folder of readdirSync(join(root, 'resources'))) expect(shipped.has(`resources/${folder}`)).toBe(true);
  });

  it("has the app's icon where electron-builder looks for it, large enough for every system", () => {
    expect(config.directories).toEqual({ output: 'dist', buildResources: 'build' });
    const png = readFileSync(join(root, 'build', 'icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // The IHDR chunk: width and height, big-endian, after the signature and the chunk header.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
  });

  it('keeps the handout fonts in the production dependencies, which electron-builder packs', () => {
    const fonts = readFileSync(join(root, 'src', 'main', 'handouts', 'fonts.ts'), 'utf8');
    const packages = [...fonts.matchAll(/pkg: '([^']+)'/g)].map((m) => m[1]!);
    expect(packages).toHaveLength(5);
    for (const name of packages) expect(Object.keys(packageJson.dependencies)).toContain(name);
  });

  it('is built by npm run dist, for this platform or a named one', () => {
    expect(packageJson.scripts).toMatchObject({
      dist: 'npm run build && electron-builder --config electron-builder.config.ts',
      'dist:win': 'npm run build && electron-builder --config electron-builder.config.ts --win',
      'dist:mac': 'npm run build && electron-builder --config electron-builder.config.ts --mac',
      'dist:linux': 'npm run build && electron-builder --config electron-builder.config.ts --linux',
    });
  });
});

describe('the deb publisher and homepage', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('are left out unless whoever packages names them', () => {
    expect(config.linux).toMatchObject({ maintainer: null });
    expect(config).not.toHaveProperty('extraMetadata');
  });

  it('are taken from MILIA_PUBLISHER and MILIA_HOMEPAGE at packaging time', async () => {
    vi.stubEnv('MILIA_PUBLISHER', 'Riverside IT <it@riverside.example>');
    vi.stubEnv('MILIA_HOMEPAGE', 'https://riverside.example/milia');
    vi.resetModules();
    const named = (await import('../../electron-builder.config')).default;
    expect(named.linux).toMatchObject({ maintainer: 'Riverside IT <it@riverside.example>' });
    expect(named.extraMetadata).toEqual({ homepage: 'https://riverside.example/milia' });
  });
});

describe('an installed app', () => {
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  let installed = '';
  afterEach(() => {
    (process as { resourcesPath?: string }).resourcesPath = resourcesPath;
    vi.unstubAllEnvs();
    if (installed) rmSync(installed, { recursive: true, force: true });
  });

  it('finds its migrations and handout templates where the extra resources put them', () => {
    installed = mkdtempSync(join(tmpdir(), 'milia-installed-'));
    const resources = join(installed, 'resources');
    for (const { from, to } of extraResources) cpSync(join(root, from), join(resources, to), { recursive: true });
    (process as { resourcesPath?: string }).resourcesPath = resources;
    vi.stubEnv('MILIA_MIGRATIONS', '');
    vi.stubEnv('MILIA_RESOURCES', '');
    expect(findMigrationsFolder()).toBe(join(resources, 'drizzle'));
    expect(findHandoutsFolder()).toBe(join(resources, 'handouts'));
  });
});
