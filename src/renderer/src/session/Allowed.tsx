/**
 * A screen only for those who may use it: anyone else (a link kept from another user, an
 * address typed by hand) is taken to their own landing page rather than to a refusal.
 */
import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import type { Permission } from '@shared/permissions';
import { useActor, useMay } from './context';
import { landingOf } from './places';

export function Allowed({ permission, children }: { permission: Permission; children: ReactNode }) {
  const can = useMay();
  const actor = useActor();
  return can(permission) ? children : <Navigate to={landingOf(actor)} replace />;
}

/** The index address: the user's landing page. */
export function Landing() {
  return <Navigate to={landingOf(useActor())} replace />;
}
