/**
 * A placeholder until the real screens land: the app's status, and on an empty database the
 * first-run offer of demo data.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AppStatus } from '../../shared/types';
import { apiClient } from './api';

export function App() {
  const api = apiClient();
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState<number | null>(null);

  const refresh = useCallback(async () => {
    if (!api) return;
    const result = await api['app.status']({});
    if (result.ok) setStatus(result.value);
    else setError(result.error.message);
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const loadDemo = async () => {
    if (!api) return;
    setLoading(true);
    setError(null);
    const result = await api['app.loadDemo']({});
    setLoading(false);
    if (!result.ok) return setError(result.error.message);
    setLoaded(result.value.imported.patients);
    await refresh();
  };

  if (!api) {
    return (
      <main>
        <h1>Milia Notes</h1>
        <p className="error">This page runs inside the Milia Notes desktop app.</p>
      </main>
    );
  }

  return (
    <main>
      <h1>Milia Notes</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {status ? (
        <dl>
          <dt>Version</dt>
          <dd>{status.version}</dd>
          <dt>Database</dt>
          <dd>{status.databasePath}</dd>
          <dt>Signed in as</dt>
          <dd>
            {status.actor.name} ({status.actor.role})
          </dd>
        </dl>
      ) : (
        !error && <p>Opening the database…</p>
      )}
      {loaded !== null && <p>Loaded {loaded} demo patients.</p>}
      {status?.empty && (
        <section>
          <h2>No patients yet</h2>
          <p>Load made-up demo patients to try the app.</p>
          <button type="button" onClick={() => void loadDemo()} disabled={loading}>
            {loading ? 'Loading demo data…' : 'Load demo data'}
          </button>
        </section>
      )}
    </main>
  );
}
