/**
 * How `npm run dist` packs the desktop app a practice installs: Windows (NSIS), macOS (dmg),
 * Linux (AppImage and deb). It needs a machine with internet (electron-builder fetches the
 * Electron runtime and the packaging tools) and Node 22.12 or later; see README.md, Packaging.
 * tests/unit/packaging-config.test.ts checks this file without packaging anything.
 */
import type { Configuration } from 'electron-builder';

/**
 * A deb names who publishes it and where it comes from: only whoever packages the app knows
 * that, so they say it at packaging time (README.md, Packaging); electron-builder refuses a
 * deb without them, and the other packages do not need them.
 */
const publisher = process.env.MILIA_PUBLISHER || null;
const homepage = process.env.MILIA_HOMEPAGE || null;

const config: Configuration = {
  appId: 'org.milia-notes.desktop',
  productName: 'Milia Notes',
  directories: { output: 'dist', buildResources: 'build' },
  // The built app and its manifest only; production dependencies are added by electron-builder.
  files: ['out/**/*', 'package.json'],
  // Outside the archive, where findMigrationsFolder and findHandoutsFolder look under process.resourcesPath.
  extraResources: [
    { from: 'drizzle', to: 'drizzle', filter: ['**/*'] },
    { from: 'resources/handouts', to: 'handouts', filter: ['**/*'] },
  ],
  asar: true,
  // A native module cannot be loaded from inside the archive: the database engine, and the
  // password hashing's build for the platform packed (Node-API, so no rebuild for Electron).
  asarUnpack: ['node_modules/better-sqlite3/build/Release/*.node', 'node_modules/@node-rs/argon2-*/*.node'],
  // better-sqlite3 rebuilt for Electron's ABI: its prebuilt binary for this Electron when one is
  // published, else compiled (then the machine needs Python and a C++ compiler).
  npmRebuild: true,
  buildDependenciesFromSource: false,
  electronFuses: {
    // No running the app as plain Node, no NODE_OPTIONS, no --inspect: nobody borrows its privileges.
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    // The app's code is the archive as packed, and only the archive.
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    // The page comes from the app:// scheme: file:// keeps no privileges beyond a browser's.
    grantFileProtocolExtraPrivileges: false,
  },
  win: { target: ['nsis'] },
  // Installed for the user who runs the installer, in their profile, which only they can read.
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], category: 'public.app-category.medical', hardenedRuntime: true },
  linux: { target: ['AppImage', 'deb'], category: 'Office', synopsis: 'Clinical notes for milia', maintainer: publisher },
  ...(homepage === null ? {} : { extraMetadata: { homepage } }),
};

export default config;
