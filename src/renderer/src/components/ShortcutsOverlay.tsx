/** The "?" overlay: every keyboard shortcut, its keys and where it works. */
import { Kbd, Modal, Table, Text } from '@mantine/core';
import { Fragment } from 'react';
import { shortcuts } from '../lib/shortcuts';

export function ShortcutsOverlay({ opened, onClose }: { opened: boolean; onClose(): void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Keys</Table.Th>
            <Table.Th scope="col">Action</Table.Th>
            <Table.Th scope="col">Where</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {Object.values(shortcuts).map((s) => (
            <Table.Tr key={s.action}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {s.keys.map((key, i) => (
                  <Fragment key={key}>
                    {i > 0 && ' + '}
                    <Kbd>{key}</Kbd>
                  </Fragment>
                ))}
              </Table.Td>
              <Table.Td>{s.action}</Table.Td>
              <Table.Td>{s.where}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed" mt="sm">
        Letters do nothing while you type in a field; the {shortcuts.save.keys[0]} shortcuts work everywhere. In the patient search the arrow keys move through
        the results and Enter opens the chart.
      </Text>
    </Modal>
  );
}
