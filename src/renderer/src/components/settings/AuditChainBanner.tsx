/**
 * At the top of every screen for administrators while the audit trail's chain does not
 * verify (a row edited, removed or added behind the app's back): the first row at fault, in
 * the checker's own sentence, and where to look.
 */
import { Alert, Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useApiQuery } from '../../api';
import classes from './settings.module.css';

export function AuditChainBanner() {
  const status = useApiQuery('app.status', {});
  const problem = status.data?.auditTrail?.problem;
  if (!problem) return null;
  return (
    <Alert color="red" variant="light" role="alert" mb="md" className={classes.banner} title="The audit trail does not verify">
      <Text size="sm">
        {problem} Keep this database file as it is for investigation, and compare it with a recent backup. The events are in{' '}
        <Anchor component={Link} to="/settings/audit" fw={700} underline="always" size="sm">
          Settings → Audit trail
        </Anchor>
        .
      </Text>
    </Alert>
  );
}
