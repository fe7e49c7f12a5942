/** The demo data's users and their passwords, shown while the record holds only demo data. */
import { Table, Text } from '@mantine/core';
import type { SessionState } from '@shared/types';
import { roles } from '@shared/vocabulary';

export function DemoUsers({ users }: { users: SessionState['demoUsers'] }) {
  if (users.length === 0) return null;
  return (
    <div>
      <Text size="sm" mb={4}>
        The demo data has these users (synthetic, like its patients). Sign in as one to try that role:
      </Text>
      <Table fz="sm" verticalSpacing={4} aria-label="Demo users" withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Role</Table.Th>
            <Table.Th scope="col">Username</Table.Th>
            <Table.Th scope="col">Password</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((u) => (
            <Table.Tr key={u.username}>
              <Table.Td>{roles.label(u.role)}</Table.Td>
              <Table.Td ff="monospace">{u.username}</Table.Td>
              <Table.Td ff="monospace">{u.password}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
