/**
 * At the top of every screen while the practice server cannot be reached: said at once, so
 * that nobody types on believing their work is saved. Nothing on screen is taken away (an
 * editor keeps what was typed); saves are refused with a sentence until the server is back,
 * and the banner goes by itself then.
 */
import { Alert, Text } from '@mantine/core';
import classes from './settings.module.css';
import { useServerReachable } from './recordServerState';

export function RecordServerBanner() {
  if (useServerReachable()) return null;
  return (
    <Alert color="red" variant="filled" role="alert" mb="md" className={classes.banner} title="The practice server cannot be reached">
      <Text size="sm">
        What is on screen is kept; saves are refused until it is back, so keep this screen open and save again then. Check the network connection; if it
        persists, ask IT whether the server is running. This message goes when the server answers again.
      </Text>
    </Alert>
  );
}
