/**
 * Text fields hold text: names and notes normalised to NFC, and never a control character, a
 * text-direction override or isolate, half a surrogate pair or a noncharacter (tab and line
 * breaks in multi-line fields only). One rule in the field schemas, so every surface obeys it:
 * the invoker the screens and the browser mode call (on either engine), `call` at the command
 * line, and import (which take a SQLite file: text-fields-file.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { textProblem } from '@shared/plainText';
import { composeApp } from '../../src/main/compose';
import { engineServices } from '../support/engine';
import { recordHash } from '../support/recordHash';
import { testActor } from '../support/store';

const patient = { familyName: 'Smith', dateOfBirth: '1990-10-01', sex: 'female' } as const;
const refusal = (field: string, what: string, found: string, retype = 'the name') => `${field}: must not contain ${what} (found ${found}); retype ${retype}`;
const controls = 'control characters or text-direction marks';

/** The invoker over a fresh record, as the desktop's IPC and the browser mode call it. */
function invoker() {
  const s = engineServices();
  const app = composeApp(s.store, { version: 'test' });
  return { s, invoke: (name: Parameters<typeof app.invoke>[1], input: unknown) => app.invoke(testActor, name, input) };
}

describe('what a text field may hold', () => {
  it('refuses every C0 and C1 control character and DEL in a one-line field, naming it and where it is', () => {
    const codes = [...Array.from({ length: 0x20 }, (_, c) => c), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)];
    for (const c of codes) {
      const problem = textProblem(`Ann${String.fromCharCode(c)}a`, 'line');
      const hex = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      expect(problem).toBe(
        c === 0x0a || c === 0x0d
          ? `must be one line (found the line break ${hex} at character 4)`
          : `must not contain ${controls} (found ${hex} at character 4)`,
      );
    }
  });

  it('refuses the text-direction embeddings, overrides and isolates, and the Unicode line and paragraph separators', () => {
    for (const c of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069])
      expect(textProblem(`Anna Smith${String.fromCodePoint(c)}`, 'line')).toBe(
        `must not contain ${controls} (found U+${c.toString(16).toUpperCase()} at character 11)`,
      );
    expect(textProblem('Anna\u2028Smith', 'line')).toBe('must be one line (found the line break U+2028 at character 5)');
    expect(textProblem('Anna\u2029Smith', 'line')).toBe('must be one line (found the line break U+2029 at character 5)');
  });

  it('refuses half a surrogate pair and the noncharacters, counting an emoji as one character', () => {
    expect(textProblem('😀\ud83d', 'line')).toBe('must not contain characters that are not text (found U+D83D at character 2)');
    expect(textProblem('\udc00', 'lines')).toBe('must not contain characters that are not text (found U+DC00 at character 1)');
    expect(textProblem('a\ufffe', 'line')).toBe('must not contain characters that are not text (found U+FFFE at character 2)');
    expect(textProblem('a\uffff', 'line')).toBe('must not contain characters that are not text (found U+FFFF at character 2)');
    expect(textProblem('a\ufdd0', 'line')).toBe('must not contain characters that are not text (found U+FDD0 at character 2)');
    expect(textProblem('a\u{1fffe}', 'line')).toBe('must not contain characters that are not text (found U+1FFFE at character 2)');
  });

  it('allows tab and line feed in multi-line text only, and everything a name in any script needs', () => {
    expect(textProblem('first line\n\tindented', 'lines')).toBeNull();
    expect(textProblem('a\tb', 'line')).toBe(`must not contain ${controls} (found U+0009 at character 2)`);
    expect(textProblem('a\u0000b', 'lines')).toBe(`must not contain ${controls} (found U+0000 at character 2)`);
    for (const name of ['عائشة الحسن', 'שרה כהן', '王小明', 'Nguyễn', 'Zoe\u0301', "O'Brien-Smith", 'Ana 😀', 'Family 👨‍👩‍👧', 'Dr\u00a0Lee', 'क्षत्रिय'])
      expect(textProblem(name, 'line')).toBeNull();
  });
});

describe('names and free text through the invoker every surface calls', () => {
  it('refuses a patient whose name holds a right-to-left override, an escape sequence or NUL, in one sentence naming the field, and saves nothing', async () => {
    const { s, invoke } = invoker();
    const before = await recordHash(s.store, { except: ['audit_log'] });
    const cases: Array<[Record<string, string>, string]> = [
      [{ givenName: 'Anna Smith\u202e10-01-0991' }, refusal('givenName', controls, 'U+202E at character 11')],
      [{ givenName: 'Anna', familyName: '\u001b[2JSmith' }, refusal('familyName', controls, 'U+001B at character 1')],
      [{ givenName: 'An\u0000na' }, refusal('givenName', controls, 'U+0000 at character 3')],
      [{ givenName: 'Anna\nSmith' }, 'givenName: must be one line (found the line break U+000A at character 5); retype the name'],
      [{ givenName: 'Anna', phone: '0117\u2066 496' }, refusal('phone', controls, 'U+2066 at character 5', 'it')],
    ];
    for (const [fields, sentence] of cases) {
      const answer = await invoke('patients.create', { ...patient, ...fields });
      expect(answer).toEqual({
        ok: false,
        error: {
          kind: 'validation',
          message: `Check the patient: ${sentence}.`,
          issues: [{ path: sentence.split(':')[0], message: sentence.slice(sentence.indexOf(': ') + 2) }],
        },
      });
    }
    expect(await recordHash(s.store, { except: ['audit_log'] })).toBe(before);
  });

  it('stores names in NFC, so a name typed with a combining accent is found and compared as the same name', async () => {
    const { invoke } = invoker();
    const saved = await invoke('patients.create', { ...patient, givenName: '  Zoe\u0301 ', familyName: 'Nguye\u0302\u0303n' });
    expect(saved).toMatchObject({ ok: true, value: { givenName: 'Zoé', familyName: 'Nguyễn' } });
    expect(saved.ok && (saved.value as { givenName: string }).givenName.length).toBe(3);
    const found = await invoke('patients.search', { query: 'zoé nguyễn' });
    expect(found).toMatchObject({ ok: true, value: [{ givenName: 'Zoé' }] });
  });

  it('keeps tab and line breaks in notes, storing CR LF and CR as LF, and refuses an escape in them', async () => {
    const { invoke } = invoker();
    const settings = await invoke('settings.get', {});
    expect(settings.ok).toBe(true);
    const base = settings.ok ? settings.value : {};
    const saved = await invoke('settings.update', { ...base, address: '1 Harbour Street\r\nBristol\rBS1 4QA\u2029UK' });
    expect(saved).toMatchObject({ ok: true });
    expect(await invoke('settings.get', {})).toMatchObject({ ok: true, value: { address: '1 Harbour Street\nBristol\nBS1 4QA\nUK' } });
    expect(await invoke('settings.update', { ...base, practiceName: 'Harbour\nside' })).toMatchObject({
      ok: false,
      error: { message: 'Check the settings: practiceName: must be one line (found the line break U+000A at character 8); retype it.' },
    });
    expect(await invoke('followUps.cancel', { id: 1, notes: 'called\tno answer \u001b]0;owned\u0007' })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'notes', message: `must not contain ${controls} (found U+001B at character 18); retype the text` }] },
    });
  });

  it('refuses the same characters in a user name, a clinician name and a search, and leaves passwords alone', async () => {
    const { s, invoke } = invoker();
    const user = { username: 'okafor', role: 'dermatologist', password: 'a\u0007\u202e password with a bell', clinician: { role: 'dermatologist' } };
    expect(await invoke('users.create', { ...user, name: 'Dr Ada\u0085 Okafor' })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'name', message: refusal('name', controls, 'U+0085 at character 7').slice('name: '.length) }] },
    });
    // The password holds a bell and an override: a password is checked against its hash only, never shown.
    expect(await invoke('users.create', { ...user, name: 'Dr Ada Okafor' })).toMatchObject({ ok: true, value: { name: 'Dr Ada Okafor' } });
    await expect(s.clinicians.save(testActor, { name: 'Dr \u202eLee', role: 'nurse' })).rejects.toThrow(
      /must not contain control characters or text-direction marks \(found U\+202E at character 4\)/,
    );
    expect(await invoke('patients.search', { query: 'smith\u001b[2J' })).toMatchObject({
      ok: false,
      error: { message: `Check the search: query: must not contain ${controls} (found U+001B at character 6); retype the search.` },
    });
  });
});
