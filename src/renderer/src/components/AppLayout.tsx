/**
 * The frame of every screen: the practice and the signed-in user (name and role, with Lock
 * and Sign out) at the top, the places this user's role may use on the left with the counts
 * that need attention, a skip link for keyboard users, and above every screen a banner while
 * the practice server cannot be reached, and for administrators while the audit trail does not
 * verify or the last backup failed.
 * After each screen change the focus goes to the screen's heading and its name is announced;
 * "/" goes to the patient search from anywhere and "?" lists every shortcut.
 */
import { AppShell, Badge, Button, Group, NavLink, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { useState } from 'react';
import { NavLink as RouterLink, Outlet, useLocation, useNavigate } from 'react-router';
import { todayIso } from '../lib/dates';
import { useFocusHeadingOnNavigation } from '../lib/focusHeading';
import { shortcuts, withKeys } from '../lib/shortcuts';
import { useApiQuery } from '../api';
import { hasUnsavedChanges } from '../lib/unsaved';
import { useActor, useMay, useSessionCall } from '../session/context';
import { places } from '../session/places';
import { roleLabel } from '../session/roleLabel';
import { ConfirmDialog } from './ConfirmDialog';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { AuditChainBanner } from './settings/AuditChainBanner';
import classes from './AppLayout.module.css';
import { BackupFailureBanner } from './settings/BackupFailureBanner';
import { RecordServerBanner } from './settings/RecordServerBanner';

/** The patient search box (PatientsScreen marks it). */
export const searchBoxSelector = '[data-patient-search]';

export function AppLayout() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const can = useMay();
  const [announcement, setAnnouncement] = useState('');
  useFocusHeadingOnNavigation('main', setAnnouncement);
  const [helpOpen, help] = useDisclosure(false);
  useHotkeys([
    [
      '/',
      () => {
        if (!can('charts.read')) return;
        // On the search screen already: back to its box (the screen focuses it when it opens).
        if (pathname === '/patients') document.querySelector<HTMLInputElement>(searchBoxSelector)?.focus();
        else void navigate('/patients');
      },
    ],
    ['shift+?', help.open],
  ]);
  const settings = useApiQuery('settings.get', {});
  const today = todayIso();
  // Counted without reading the list, so that asking again after every change records no read of it.
  const overdue = useApiQuery('followUps.overdueCount', { asOf: today }, { enabled: can('followUps.read') });
  const toSign = useApiQuery('visits.toSign', {}, { enabled: can('visits.sign') });
  const reviewCount = useApiQuery('visits.reviewCount', {}, { enabled: can('visits.sign') });
  const counts: Record<string, { n: number; label: string; color: string } | undefined> = {
    '/worklist': overdue.data !== undefined ? { n: overdue.data, label: 'overdue', color: 'red' } : undefined,
    '/to-sign': toSign.data && { n: toSign.data.length, label: 'to sign', color: 'blue' },
    '/review': reviewCount.data !== undefined ? { n: reviewCount.data, label: 'to review', color: 'red' } : undefined,
  };
  // The longest matching address is the place the screen belongs to (Users, not Settings).
  const current = places.filter((p) => pathname === p.to || pathname.startsWith(`${p.to}/`)).sort((a, b) => b.to.length - a.to.length)[0];

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 0 }} padding="md">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Title order={1} size="h3">
              Milia Notes
            </Title>
            {settings.data?.practiceName && <Text c="dimmed">{settings.data.practiceName}</Text>}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Tooltip label={withKeys(shortcuts.help)}>
              <Button size="xs" variant="subtle" onClick={help.open} aria-keyshortcuts="Shift+?">
                Shortcuts
              </Button>
            </Tooltip>
            <SignedInUser />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {places
          .filter((p) => can(p.permission))
          .map((p) => {
            const count = counts[p.to];
            return (
              <NavLink
                key={p.to}
                component={RouterLink}
                to={p.to}
                label={p.label}
                pl={p.nested ? 'xl' : undefined}
                active={p === current}
                aria-keyshortcuts={p.to === '/patients' ? '/' : undefined}
                title={p.to === '/patients' ? withKeys(shortcuts.search) : undefined}
                rightSection={
                  count && count.n > 0 ? (
                    <Badge color={count.color} size="sm" aria-label={`${count.n} ${count.label}`}>
                      {count.n}
                    </Badge>
                  ) : null
                }
              />
            );
          })}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} className={classes.main}>
        <RecordServerBanner />
        {can('audit.read') && <AuditChainBanner />}
        {can('backups.manage') && <BackupFailureBanner />}
        <Outlet />
      </AppShell.Main>
      {/* Read out after each screen change, beside the focus moving to the heading. */}
      <VisuallyHidden aria-live="polite">{announcement}</VisuallyHidden>
      <ShortcutsOverlay opened={helpOpen} onClose={help.close} />
    </AppShell>
  );
}

/** Who is signed in, and the two ways to step away: lock (the work waits) or sign out (it ends). */
function SignedInUser() {
  const user = useActor();
  const lock = useSessionCall('session.lock');
  const signOut = useSessionCall('session.signOut');
  const [confirming, confirm] = useDisclosure(false);

  return (
    <Group gap="sm" wrap="nowrap">
      <Text size="sm" ta="right">
        <Text span fw={600} inherit>
          <bdi>{user.name}</bdi>
        </Text>
        <Text span c="dimmed" inherit>
          {' '}
          · {roleLabel(user)}
        </Text>
      </Text>
      <Button size="xs" variant="default" loading={lock.isPending} onClick={() => lock.mutate({})}>
        Lock
      </Button>
      <Button size="xs" variant="subtle" loading={signOut.isPending} onClick={() => (hasUnsavedChanges() ? confirm.open() : signOut.mutate({}))}>
        Sign out
      </Button>
      <ConfirmDialog
        opened={confirming}
        title="Sign out and discard changes?"
        confirmLabel="Sign out"
        danger
        pending={signOut.isPending}
        error={signOut.error}
        onConfirm={() => signOut.mutate({})}
        onClose={confirm.close}
      >
        Some changes being edited (a visit, the settings) are not saved. Signing out discards them.
      </ConfirmDialog>
    </Group>
  );
}
