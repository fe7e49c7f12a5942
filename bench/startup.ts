/**
 * Start-up case: from the browser mode's process start to the patient search answering, over
 * the bench's practice, as a person's start goes. `npm run browser` is started as a new
 * process (node scripts/browser.mjs, as the command runs it; its bundle and the screens already
 * built; the start-up checks run on its worker thread beside its start), and a warm Chromium,
 * at rest (`atRest`), opens the address the moment it is printed, at the patients screen: the
 * page loads while the checks run (every API call but the sign-in screen's state waits for
 * them). The person then signs in on the page's form (one password check at the production
 * Argon2id cost) and types a family name. No typing time is counted: the clock stands still
 * while Playwright fills in the username and password and moves to the search box (its checks
 * that a field is visible, enabled and editable, and its round trips to the page, 0.2-0.25 s
 * a start), as a person's typing is theirs, not the app's. The keys the app answers, the Enter
 * that signs in and the text put into the search box, are counted whole, round trips and all.
 * The time with the typing is kept too (`startup_with_typing_to_search_answering`). The clock
 * stops at the frame that shows the first patient found. Each wait polls the page at every
 * animation frame, not by Playwright's retries (which may see an element up to half a second
 * after it appears). The phases are kept too, to say where the time goes. Skipped with one line
 * when no Chromium is found.
 *
 * The starts timed find the file as a person's start does: sealed by the app's last close
 * (db/seal.ts), so that its hash stands in for the checks. A few more are timed without the
 * seal, as after a crash or another program's write (`startup_unsealed_to_search_answering`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { cpus, type CpuInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { projectRoot } from '../src/main/browser/server';
import { ensureRendererBuilt } from '../src/main/browser/build';
import { sealPathOf } from '../src/main/db/seal';
import type { Case } from './measure';

const chromiumPath = '/usr/bin/chromium';
const chromiumFlags = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface StartupUser {
  username: string;
  password: string;
}

type CpuTimes = CpuInfo['times'];

/** Milliseconds from the process's start to each phase, one start-up, Playwright's typing left out. */
interface Phases {
  serverReady: number;
  signInShown: number;
  signedIn: number;
  searchBox: number;
  answered: number;
  /** `answered` with the typing. */
  answeredWithTyping: number;
}

/** Resolves at the first animation frame where `selector` matches (`label:` + text: the field that label names). */
function shown(page: Page, selector: string): Promise<unknown> {
  return page.waitForFunction(
    (s) => {
      // In the page (this file is typed without the DOM's types).
      const win = globalThis as unknown as {
        document: {
          querySelector(s: string): unknown;
          querySelectorAll(s: string): Iterable<{ textContent: string | null; htmlFor: string }>;
          getElementById(id: string): unknown;
        };
      };
      if (!s.startsWith('label:')) return win.document.querySelector(s);
      const label = [...win.document.querySelectorAll('label')].find((l) => l.textContent?.trim() === s.slice('label:'.length));
      return label && win.document.getElementById(label.htmlFor);
    },
    selector,
    { polling: 'raf', timeout: 120_000 },
  );
}

async function startOnce(dbPath: string, user: StartupUser, query: string, page: Page): Promise<Phases> {
  const t0 = performance.now();
  let typing = 0;
  const typed = async (input: () => Promise<void>): Promise<void> => {
    const from = performance.now();
    await input();
    typing += performance.now() - from;
  };
  const clock = () => performance.now() - t0 - typing;
  const child = spawn(process.execPath, [join(projectRoot, 'scripts', 'browser.mjs'), '--db', dbPath, '--port', '0'], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Its own lines pass on, but for the one every close prints (nine a run would only be noise).
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (!line.startsWith('Closing: ')) console.error(line);
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`The browser mode stopped (status ${code}) before printing its address.`)));
      createInterface({ input: child.stdout! }).once('line', resolve);
    });
    const serverReady = clock();
    await page.goto(`${url}#/patients`, { waitUntil: 'commit' });
    await shown(page, 'form[aria-label="Sign in"] input[name="username"]');
    const signInShown = clock();
    const form = page.getByRole('form', { name: 'Sign in' });
    await typed(() => form.getByLabel('Username').fill(user.username));
    const password = form.getByLabel('Password', { exact: true });
    await typed(() => password.fill(user.password));
    // The answer waits for the start-up checks: seconds over a large practice, as long as any phase may take.
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/session.signIn'), { timeout: 120_000 });
    await password.press('Enter');
    if (!((await (await answer).json()) as { ok: boolean }).ok) throw new Error(`Signing in as ${user.username} failed.`);
    const signedIn = clock();
    await shown(page, 'label:Search patients');
    const searchBox = clock();
    await typed(() => page.getByLabel('Search patients').focus());
    await page.keyboard.insertText(query);
    await shown(page, '[role="listbox"][aria-label="Patients found"] [role="option"]');
    const answered = clock();
    return { serverReady, signInShown, signedIn, searchBox, answered, answeredWithTyping: answered + typing };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
  }
}

/** The processors' busy share since `before` (all cores together, 0 to 1), and the reading to compare the next with. */
function busySince(before: CpuTimes[]): { busy: number; now: CpuTimes[] } {
  const now = cpus().map((c) => c.times);
  let busy = 0;
  let all = 0;
  now.forEach((t, i) => {
    const b = before[i] ?? t;
    const idle = t.idle - b.idle;
    const total = t.user - b.user + t.nice - b.nice + t.sys - b.sys + t.irq - b.irq + idle;
    busy += total - idle;
    all += total;
  });
  return { busy: all > 0 ? busy / all : 0, now };
}

/**
 * Resolves once the machine is at rest: two tenths of a second running with the processors
 * at most a fifth busy, or after five seconds. A new context's page keeps this Chromium's
 * processes at 85-90% of both cores for 0.8-0.9 s after Playwright has it (its renderer
 * starting); a person's browser did that long before they start the app, so the start-up is
 * timed from a browser at rest, not one still opening its tab.
 */
async function atRest(): Promise<void> {
  const started = performance.now();
  let reading = cpus().map((c) => c.times);
  let quiet = 0;
  while (quiet < 2 && performance.now() - started < 5000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { busy, now } = busySince(reading);
    reading = now;
    quiet = busy <= 0.2 ? quiet + 1 : 0;
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
  const start = async (): Promise<Phases> => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await atRest();
      return await startOnce(dbPath, user, query, page);
    } finally {
      await context.close();
    }
  };
  try {
    // As a person's start finds the file: sealed by the app's last close. One start, not timed, leaves it so.
    await start();
    const sealed: Phases[] = [];
    for (let i = 0; i < samples; i++) {
      if (!existsSync(sealPathOf(dbPath))) throw new Error(`The browser mode's close left ${dbPath} unsealed.`);
      sealed.push(await start());
    }
    // After a crash, or another program's write: no seal, the whole checks.
    const unsealed: Phases[] = [];
    for (let i = 0; i < Math.min(samples, 3); i++) {
      rmSync(sealPathOf(dbPath));
      unsealed.push(await start());
    }
    const phase = (name: keyof Phases) => summarise(sealed.map((r) => r[name]));
    return {
      startup_to_search_answering: phase('answered'),
      startup_server_ready: phase('serverReady'),
      startup_sign_in_shown: phase('signInShown'),
      startup_signed_in: phase('signedIn'),
      startup_search_box_shown: phase('searchBox'),
      startup_with_typing_to_search_answering: phase('answeredWithTyping'),
      startup_unsealed_to_search_answering: summarise(unsealed.map((r) => r.answered)),
    };
  } finally {
    await browser.close();
  }
}
