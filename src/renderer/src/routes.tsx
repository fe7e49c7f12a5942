/**
 * The screens, by address (hash routes, so the same build works from file:// in the desktop
 * app and from the browser mode's server).
 */
import { createHashRouter, Navigate } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { ChartScreen } from './screens/ChartScreen';
import { FirstRunScreen } from './screens/FirstRunScreen';
import { NewPatientScreen } from './screens/NewPatientScreen';
import { PatientsScreen } from './screens/PatientsScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { StatsScreen } from './screens/StatsScreen';
import { VisitScreen } from './screens/VisitScreen';
import { WorklistScreen } from './screens/WorklistScreen';

export const router = createHashRouter([
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <FirstRunScreen /> },
      { path: 'patients', element: <PatientsScreen /> },
      { path: 'patients/new', element: <NewPatientScreen /> },
      { path: 'patients/:patientId', element: <ChartScreen /> },
      { path: 'patients/:patientId/visits/new', element: <VisitScreen /> },
      { path: 'patients/:patientId/visits/:visitId', element: <VisitScreen /> },
      { path: 'worklist', element: <WorklistScreen /> },
      { path: 'statistics', element: <StatsScreen /> },
      { path: 'settings', element: <SettingsScreen /> },
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);
