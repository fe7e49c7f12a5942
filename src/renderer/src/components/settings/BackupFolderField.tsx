/**
 * The backup folder, one of the settings (saved with the rest of the form), with the folder
 * backups actually go to now: the choice once saved, or the default beside the database.
 */
import { Fieldset, Text, TextInput } from '@mantine/core';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { useApiQuery } from '../../api';
import classes from './settings.module.css';

interface BackupFolderFieldProps {
  field: UseFormRegisterReturn<'backupFolder'>;
  error: string | undefined;
}

export function BackupFolderField({ field, error }: BackupFolderFieldProps) {
  const list = useApiQuery('backups.list', {});
  return (
    <Fieldset legend="Where backups go">
      <TextInput
        label="Backup folder"
        description="Empty: the Backups folder beside the database. Choose a second disk, a network share or a USB stick."
        placeholder="Beside the database"
        autoComplete="off"
        spellCheck={false}
        {...field}
        error={error}
      />
      <Text size="sm" mt="xs">
        {list.data ? (
          <>
            Backups now go to <bdi className={classes.path}>{list.data.folder}</bdi>
          </>
        ) : list.isError ? (
          'Where backups go now could not be found out.'
        ) : (
          'Finding out where backups go now…'
        )}
      </Text>
    </Fieldset>
  );
}
