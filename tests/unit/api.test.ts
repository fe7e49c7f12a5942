/** The API as every surface calls it: the shared table, the handlers and the envelope. */
import { describe, expect, it, vi } from 'vitest';
import { createHandlers, createInvoker } from '../../src/main/api/handlers';
import { api, apiNames, type ApiName } from '@shared/api';
import { engineServices } from '../support/engine';
import { testActor as actor } from '../support/store';

function invoker(onInternalError?: (error: unknown) => void) {
  const services = engineServices();
  const invoke = createInvoker(createHandlers(services, { version: '9.9.9' }), onInternalError);
  return { services, invoke };
}

const zoe = { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' };

describe('the API table', () => {
  it('has a handler for every entry and none beside', () => {
    const handlers = createHandlers(engineServices(), { version: '9.9.9' });
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(api).sort());
    for (const name of apiNames) expect(typeof handlers[name], name).toBe('function');
  });
});

describe('invoking a call', () => {
  it('answers a valid call with ok and the value', async () => {
    const { invoke, services } = invoker();
    const status = await invoke(actor, 'app.status', {});
    // The command line's account may read the audit trail, so it is told whether the trail verifies.
    expect(status).toEqual({
      ok: true,
      value: { version: '9.9.9', databasePath: services.store.path, empty: true, actor, auditTrail: { rows: 0, problem: null } },
    });

    const created = await invoke(actor, 'patients.create', zoe);
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.value).toMatchObject({ givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14' });
    expect(await invoke(actor, 'patients.get', { id: created.value.id })).toEqual({ ok: true, value: created.value });
    expect(await invoke(actor, 'app.status', {})).toMatchObject({ ok: true, value: { empty: false } });
  });

  it('treats a missing input as empty', async () => {
    const { invoke } = invoker();
    expect(await invoke(actor, 'clinicians.list', undefined)).toEqual({ ok: true, value: [] });
  });

  it('answers bad input with a validation error listing each field', async () => {
    const { invoke } = invoker();
    const result = await invoke(actor, 'patients.create', { ...zoe, dateOfBirth: 'last tuesday', colour: 'blue' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('validation');
    expect(result.error.message).not.toBe('');
    const issues = result.error.issues ?? [];
    expect(issues.map((i) => i.path).sort()).toEqual(['colour', 'dateOfBirth']);
    for (const issue of issues) {
      expect(Object.keys(issue).sort()).toEqual(['message', 'path']);
      expect(issue.message).not.toBe('');
    }
  });

  it('refuses a name that is not in the table, inherited ones included', async () => {
    const { invoke } = invoker();
    for (const name of ['patients.delete', 'constructor', '__proto__', 'toString', '']) {
      const result = await invoke(actor, name as ApiName, {});
      expect(result, name).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    }
  });

  it('reports an internal fault as a plain message without its details, and tells the logger', async () => {
    const logged = vi.fn();
    const { invoke, services } = invoker(logged);
    services.store.close();
    const result = await invoke(actor, 'patients.search', { query: 'zoe' });
    expect(result).toEqual({ ok: false, error: { kind: 'internal', message: expect.stringMatching(/^Something went wrong/) } });
    const text = JSON.stringify(result);
    expect(text).not.toMatch(/not open|\bat .*:\d+|TypeError|node_modules/);
    expect(logged).toHaveBeenCalledOnce();
    expect(logged.mock.calls[0]![0]).toBeInstanceOf(Error);
  });

  it('answers in a form that crosses IPC unchanged', async () => {
    const { invoke } = invoker();
    const created = await invoke(actor, 'patients.create', zoe);
    const invalid = await invoke(actor, 'patients.create', {});
    expect(structuredClone(created)).toEqual(created);
    expect(structuredClone(invalid)).toEqual(invalid);
  });
});
