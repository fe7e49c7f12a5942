/**
 * The screens, by address (hash routes, so the same build works from file:// in the desktop
 * app and from the browser mode's server), each behind the permission its data needs.
 *
 * Only the layout and the Patients screen are in the first bundle the page evaluates: every
 * other screen (and what only it uses, recharts for one) is its own chunk, loaded when first
 * opened — the router keeps the last screen up until it has arrived, so nothing flashes — or
 * before, once the first screen has settled (prefetchScreens).
 */
import { useEffect, type ComponentType } from 'react';
import { createHashRouter, Navigate, type RouteObject } from 'react-router';
import type { Permission } from '@shared/permissions';
import { AppLayout } from './components/AppLayout';
import { Loading } from './components/QueryStatus';
import { PatientsScreen } from './screens/PatientsScreen';
import { Allowed, Landing } from './session/Allowed';

const screens = {
  audit: () => import('./screens/AuditScreen').then((m) => m.AuditScreen),
  chart: () => import('./screens/ChartScreen').then((m) => m.ChartScreen),
  newPatient: () => import('./screens/NewPatientScreen').then((m) => m.NewPatientScreen),
  review: () => import('./screens/ReviewScreen').then((m) => m.ReviewScreen),
  settings: () => import('./screens/SettingsScreen').then((m) => m.SettingsScreen),
  stats: () => import('./screens/StatsScreen').then((m) => m.StatsScreen),
  toSign: () => import('./screens/ToSignScreen').then((m) => m.ToSignScreen),
  users: () => import('./screens/UsersScreen').then((m) => m.UsersScreen),
  visit: () => import('./screens/VisitScreen').then((m) => m.VisitScreen),
  worklist: () => import('./screens/WorklistScreen').then((m) => m.WorklistScreen),
} satisfies Record<string, () => Promise<ComponentType>>;

const guarded = (permission: Permission, Screen: ComponentType) => (
  <Allowed permission={permission}>
    <Screen />
  </Allowed>
);

const screen = (path: string, permission: Permission, Screen: ComponentType): RouteObject => ({ path, element: guarded(permission, Screen) });

const lazyScreen = (path: string, permission: Permission, load: () => Promise<ComponentType>): RouteObject => ({
  path,
  lazy: async () => ({ element: guarded(permission, await load()) }),
});

/** How long after the app's first screen shows before the others' code starts loading: clear of sign-in and the first search. */
const prefetchDelayMs = 2_000;

/**
 * Loads the other screens' chunks one per idle moment once the app has settled, so that a
 * later click waits for no code (the desktop app, which reads them from disk, loses nothing).
 * A chunk that fails here is loaded again, with its error shown, when its screen is opened.
 */
function usePrefetchScreens() {
  useEffect(() => {
    const loads: (() => Promise<unknown>)[] = Object.values(screens);
    let idle = 0;
    let stopped = false;
    const next = () => {
      const load = loads.shift();
      if (stopped || !load) return;
      idle = requestIdleCallback(() => void load().then(next, next));
    };
    const timer = setTimeout(next, prefetchDelayMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
      cancelIdleCallback(idle);
    };
  }, []);
}

function Layout() {
  usePrefetchScreens();
  return <AppLayout />;
}

export const router = createHashRouter([
  {
    element: <Layout />,
    // A page opened at another screen's address (a kept link, a reload) waits for its code under the gate's own line.
    hydrateFallbackElement: <Loading label="Opening Milia Notes…" />,
    children: [
      { index: true, element: <Landing /> },
      screen('patients', 'charts.read', PatientsScreen),
      lazyScreen('patients/new', 'patients.write', screens.newPatient),
      lazyScreen('patients/:patientId', 'charts.read', screens.chart),
      lazyScreen('patients/:patientId/visits/new', 'visits.document', screens.visit),
      lazyScreen('patients/:patientId/visits/:visitId', 'charts.read', screens.visit),
      lazyScreen('to-sign', 'visits.sign', screens.toSign),
      lazyScreen('review', 'visits.sign', screens.review),
      lazyScreen('worklist', 'followUps.read', screens.worklist),
      lazyScreen('statistics', 'stats.read', screens.stats),
      lazyScreen('settings', 'practice.manage', screens.settings),
      lazyScreen('settings/users', 'users.manage', screens.users),
      lazyScreen('settings/audit', 'audit.read', screens.audit),
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);
