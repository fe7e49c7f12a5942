/**
 * Start-up case: from the browser mode's process start to the patient search answering, over
 * the bench's practice. `npm run browser` is started as a new process (node
 * scripts/browser.mjs, as the command runs it; its bundle and the screens already built; the
 * start-up checks run on its worker thread once it listens), the user signs in over the API
 * the moment the address is printed (one password check at the production scrypt cost, as a
 * person's first act), and a warm Chromium opens the patients screen and types a family name; the clock stops
 * when the first patient found is shown. The phases are kept too, to say where the time goes.
 * Skipped with one line when no Chromium is found.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { projectRoot } from '../src/main/browser/server';
import { ensureRendererBuilt } from '../src/main/browser/build';
import type { Case } from './measure';

const chromiumPath = '/usr/bin/chromium';
const chromiumFlags = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface StartupUser {
  username: string;
  password: string;
}

/** Milliseconds from the process's start to each phase, one start-up. */
interface Phases {
  serverReady: number;
  signedIn: number;
  searchBox: number;
  answered: number;
}

async function startOnce(dbPath: string, user: StartupUser, query: string, page: import('playwright-core').Page): Promise<Phases> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(projectRoot, 'scripts', 'browser.mjs'), '--db', dbPath, '--port', '0'], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`The browser mode stopped (status ${code}) before printing its address.`)));
      createInterface({ input: child.stdout! }).once('line', resolve);
    });
    const serverReady = performance.now() - t0;
    const { origin, searchParams } = new URL(url);
    const session = randomBytes(24).toString('base64url');
    const reply = await fetch(`${origin}/api/session.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-milia-token': searchParams.get('token')!, 'x-milia-session': session },
      body: JSON.stringify(user),
    });
    if (!((await reply.json()) as { ok: boolean }).ok) throw new Error(`Signing in as ${user.username} failed.`);
    const signedIn = performance.now() - t0;
    await page.context().addInitScript({ content: `sessionStorage.setItem('milia-session', ${JSON.stringify(session)});` });
    await page.goto(`${url}#/patients`);
    const box = page.getByLabel('Search patients');
    await box.waitFor();
    const searchBox = performance.now() - t0;
    await box.fill(query);
    await page.getByRole('listbox', { name: 'Patients found' }).getByRole('option').first().waitFor();
    return { serverReady, signedIn, searchBox, answered: performance.now() - t0 };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
  }
}

const summarise = (times: number[]): Case => {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1));
  return { median_ms: at(0.5), p95_ms: at(0.95), samples: sorted.length };
};

/** `samples` start-ups over the database at `dbPath` (closed by the caller's writes, WAL beside it). */
export async function benchStartup(dbPath: string, user: StartupUser, query: string, samples: number): Promise<Record<string, Case>> {
  if (!existsSync(chromiumPath)) {
    console.error(`startup: skipped, no Chromium at ${chromiumPath}`);
    return {};
  }
  ensureRendererBuilt(projectRoot);
  // The server's bundle too, so that no start-up measured includes a build.
  const built = spawnSync(process.execPath, [join(projectRoot, 'scripts', 'browser-bundle.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('The build of the browser mode failed.');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
  try {
    const runs: Phases[] = [];
    for (let i = 0; i < samples; i++) {
      const context = await browser.newContext();
      try {
        runs.push(await startOnce(dbPath, user, query, await context.newPage()));
      } finally {
        await context.close();
      }
    }
    const phase = (name: keyof Phases) => summarise(runs.map((r) => r[name]));
    return {
      startup_to_search_answering: phase('answered'),
      startup_server_ready: phase('serverReady'),
      startup_signed_in: phase('signedIn'),
      startup_search_box_shown: phase('searchBox'),
    };
  } finally {
    await browser.close();
  }
}
