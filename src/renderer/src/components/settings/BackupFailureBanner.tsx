/**
 * At the top of every screen while the last backup attempt failed, so that a failing
 * backup (a folder gone, a USB stick unplugged, a full disk) is never silent. It goes as soon
 * as a backup works again. The backups are asked about now and then, since automatic
 * backups fail with nobody on the settings screen.
 */
import { Alert, Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useApiQuery } from '../../api';
import classes from './settings.module.css';
import { asSentence, backupSettingsRoute, backupTime, lastFailure } from './backupText';

/** How often every screen asks how the last backup went. */
const checkEveryMs = 60_000;

export function BackupFailureBanner() {
  const list = useApiQuery('backups.list', {}, { refetchInterval: checkEveryMs });
  const failed = lastFailure(list.data);
  if (!failed) return null;
  return (
    <Alert color="red" variant="light" role="alert" mb="md" className={classes.banner}>
      <Text size="sm">
        The last backup failed at {backupTime(failed.at)}: {asSentence(failed.message)} Check the backup folder in{' '}
        <Anchor component={Link} to={backupSettingsRoute} fw={700} underline="always" size="sm">
          Settings → Backups
        </Anchor>
        .
      </Text>
    </Alert>
  );
}
