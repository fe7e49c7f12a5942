/**
 * The screens, by address (hash routes, so the same build works from file:// in the desktop
 * app and from the browser mode's server), each behind the permission its data needs.
 */
import type { ReactNode } from 'react';
import { createHashRouter, Navigate } from 'react-router';
import type { Permission } from '@shared/permissions';
import { AppLayout } from './components/AppLayout';
import { AuditScreen } from './screens/AuditScreen';
import { ChartScreen } from './screens/ChartScreen';
import { NewPatientScreen } from './screens/NewPatientScreen';
import { PatientsScreen } from './screens/PatientsScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { StatsScreen } from './screens/StatsScreen';
import { ReviewScreen } from './screens/ReviewScreen';
import { ToSignScreen } from './screens/ToSignScreen';
import { UsersScreen } from './screens/UsersScreen';
import { VisitScreen } from './screens/VisitScreen';
import { WorklistScreen } from './screens/WorklistScreen';
import { Allowed, Landing } from './session/Allowed';

const screen = (path: string, permission: Permission, element: ReactNode) => ({ path, element: <Allowed permission={permission}>{element}</Allowed> });

export const router = createHashRouter([
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <Landing /> },
      screen('patients', 'charts.read', <PatientsScreen />),
      screen('patients/new', 'patients.write', <NewPatientScreen />),
      screen('patients/:patientId', 'charts.read', <ChartScreen />),
      screen('patients/:patientId/visits/new', 'visits.document', <VisitScreen />),
      screen('patients/:patientId/visits/:visitId', 'charts.read', <VisitScreen />),
      screen('to-sign', 'visits.sign', <ToSignScreen />),
      screen('review', 'visits.sign', <ReviewScreen />),
      screen('worklist', 'followUps.read', <WorklistScreen />),
      screen('statistics', 'stats.read', <StatsScreen />),
      screen('settings', 'practice.manage', <SettingsScreen />),
      screen('settings/users', 'users.manage', <UsersScreen />),
      screen('settings/audit', 'audit.read', <AuditScreen />),
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);
