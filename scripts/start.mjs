#!/usr/bin/env node
/**
 * `npm start`: fetches the Electron runtime on first use (npm install does not, see
 * "allowScripts"), builds better-sqlite3 for Electron's ABI into .electron-native/ (the build
 * in node_modules stays Node's, for the tests and the command line), builds the app and
 * launches it (with --dev: electron-vite's dev server, reloading on change). A step that
 * fails prints one line saying why and what to do, and exits 1.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const packageDir = (name) => dirname(require.resolve(`${name}/package.json`));

const electronDir = packageDir('electron');
const electronVersion = require('electron/package.json').version;
const sqliteDir = packageDir('better-sqlite3');
const nativeDir = join(root, '.electron-native');
const nativeFile = join(nativeDir, 'better_sqlite3.node');
const stampFile = join(nativeDir, 'stamp.json');
const stamp = { electron: electronVersion, betterSqlite3: require('better-sqlite3/package.json').version, platform: process.platform, arch: process.arch };

/** One transient line on a terminal while a long step runs; erased before anything else is printed. */
const progress = {
  show(text) {
    if (process.stdout.isTTY) process.stdout.write(`Milia Notes: ${text}…`);
  },
  clear() {
    if (process.stdout.isTTY) process.stdout.write('\r\x1b[K');
  },
};

/** A step that cannot go on; thrown so that temporary folders are still removed. */
class StartFailure extends Error {}
const fail = (message) => {
  throw new StartFailure(message);
};

/** The part of a failed tool's output that says why: node-gyp's error text, else the first error line. */
function failureReason(output) {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const gypError = [];
  for (const line of lines) {
    const text = /^gyp ERR! stack (.*)$/.exec(line)?.[1];
    if (text?.startsWith('at ')) break;
    if (text) gypError.push(text);
  }
  if (gypError.length > 0) return gypError.join(' ').replace(/^\w*Error:\s*/, '');
  const line = lines.find((l) => !l.startsWith('at ') && (/\bE[A-Z]{3,}\b/.test(l) || /error|failed|not found/i.test(l))) ?? lines.at(-1) ?? '';
  return line.replace(/^(prebuild-install (warn|WARN|ERR!)( install)?|\w*Error:)\s*/, '');
}

/** Runs a command quietly; null when it succeeds, else why it failed. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.status === 0) return null;
  if (result.error) return result.error.message;
  return failureReason(`${result.stderr}\n${result.stdout}`) || `exit code ${result.status ?? result.signal}`;
}

const offline = (reason) => /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|socket hang up|network/i.test(reason);

/**
 * The Electron executable, or null when its download has not happened. Read from the package's
 * path.txt, as require('electron') does: since Electron 42 requiring it starts the download itself.
 */
function electronBinary() {
  try {
    const binary = join(electronDir, 'dist', readFileSync(join(electronDir, 'path.txt'), 'utf8'));
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function ensureElectron() {
  const present = electronBinary();
  if (present) return present;
  progress.show(`downloading the Electron ${electronVersion} runtime (first start only)`);
  const reason = run(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir });
  const binary = electronBinary();
  if (!binary) {
    fail(
      `the Electron runtime could not be downloaded (${reason ?? 'the download left no executable; is ELECTRON_SKIP_BINARY_DOWNLOAD set?'}). ` +
        'Connect to the internet once and run npm start again.',
    );
  }
  progress.clear();
  return binary;
}

function nativeUpToDate() {
  try {
    return existsSync(nativeFile) && readFileSync(stampFile, 'utf8') === JSON.stringify(stamp);
  } catch {
    return false;
  }
}

/** npm exports its own settings (nodedir=/usr in some setups) that would point node-gyp at Node's headers. */
function buildEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_package_|^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|platform|build_from_source)$/i.test(key)) delete env[key];
  }
  return env;
}

/** node-gyp: the one npm runs for install scripts, else a local one, else the one npm bundles. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // Not installed locally: npm's own copy above serves.
  }
  return candidates.find((file) => file && existsSync(file)) ?? null;
}

/** Builds better-sqlite3 for Electron in a copy, so node_modules keeps the Node build. */
function ensureNative(electron) {
  if (nativeUpToDate()) return;
  progress.show(`preparing the database engine for Electron ${electronVersion} (first start only)`);
  const work = mkdtempSync(join(tmpdir(), 'milia-better-sqlite3-'));
  try {
    const copy = join(work, 'better-sqlite3');
    cpSync(sqliteDir, copy, { recursive: true, filter: (src) => src !== join(sqliteDir, 'build') });
    const env = buildEnv();
    const target = ['--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`];
    const prebuildInstall = createRequire(join(sqliteDir, 'package.json')).resolve('prebuild-install/bin.js');
    const downloaded = run(process.execPath, [prebuildInstall, ...target, `--platform=${process.platform}`], { cwd: copy, env });
    if (downloaded) {
      const gyp = nodeGyp();
      const built = gyp
        ? run(process.execPath, [gyp, 'rebuild', '--release', ...target, '--dist-url=https://electronjs.org/headers'], { cwd: copy, env })
        : 'node-gyp was not found';
      if (built) {
        const hint =
          offline(downloaded) || offline(built)
            ? 'Connect to the internet once and run npm start again.'
            : 'Install the C++ build tools (Python, make and a C++ compiler; on Windows the Visual Studio Build Tools) and run npm start again.';
        fail(`the database engine could not be prepared for Electron ${electronVersion} (download: ${downloaded}; build: ${built}). ${hint}`);
      }
    }
    const binary = join(copy, 'build', 'Release', 'better_sqlite3.node');
    // Load it in Electron's own Node to be sure it matches Electron's ABI.
    const loads = run(electron, ['-e', `process.dlopen({ exports: {} }, ${JSON.stringify(binary)})`], { env: { ...env, ELECTRON_RUN_AS_NODE: '1' } });
    if (loads) fail(`the database engine built for Electron ${electronVersion} does not load in Electron (${loads}). Tell IT, quoting this line.`);
    mkdirSync(nativeDir, { recursive: true });
    copyFileSync(binary, `${nativeFile}.tmp`);
    renameSync(`${nativeFile}.tmp`, nativeFile);
    writeFileSync(stampFile, JSON.stringify(stamp));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  progress.clear();
}

const electronVite = join(packageDir('electron-vite'), 'bin', 'electron-vite.js');

function buildApp() {
  const result = spawnSync(process.execPath, [electronVite, 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) fail('the app could not be built (see the errors above). Run npm test to find the cause.');
}

/** Runs the app (or electron-vite's dev server with the app) until it exits, and exits with it. */
function launch(command, args) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

try {
  const electron = ensureElectron();
  ensureNative(electron);
  if (process.argv.includes('--dev')) {
    launch(process.execPath, [electronVite, 'dev']);
  } else {
    buildApp();
    launch(electron, [root]);
  }
} catch (error) {
  if (!(error instanceof StartFailure)) throw error;
  progress.clear();
  console.error(`Milia Notes: ${error.message}`);
  process.exit(1);
}
