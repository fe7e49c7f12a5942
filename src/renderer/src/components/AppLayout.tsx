/**
 * The frame of every screen: the practice and the signed-in user at the top, the places
 * people work from on the left, a skip link for keyboard users, and above every screen a
 * banner while the last backup has failed.
 */
import { AppShell, Badge, Group, NavLink, Text, Title } from '@mantine/core';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { todayIso } from '../lib/dates';
import { useApiQuery } from '../api';
import { BackupFailureBanner } from './settings/BackupFailureBanner';

const places = [
  { to: '/patients', label: 'Patients' },
  { to: '/worklist', label: 'Follow-ups' },
  { to: '/statistics', label: 'Statistics' },
  { to: '/settings', label: 'Settings' },
] as const;

export function AppLayout() {
  const { pathname } = useLocation();
  const status = useApiQuery('app.status', {});
  const settings = useApiQuery('settings.get', {});
  const today = todayIso();
  const overdue = useApiQuery('followUps.worklist', { from: today, to: today, asOf: today }, { enabled: status.data?.empty === false });
  const overdueCount = overdue.data?.overdue.length ?? 0;

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
          {status.data && (
            <Text size="sm" c="dimmed">
              Signed in as {status.data.actor.name}
            </Text>
          )}
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {places.map((p) => (
          <NavLink
            key={p.to}
            component={RouterLink}
            to={p.to}
            label={p.label}
            active={pathname.startsWith(p.to)}
            rightSection={
              p.to === '/worklist' && overdueCount > 0 ? (
                <Badge color="red" size="sm" aria-label={`${overdueCount} overdue`}>
                  {overdueCount}
                </Badge>
              ) : null
            }
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <BackupFailureBanner />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
