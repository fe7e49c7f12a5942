/** One part of the statistics screen: a bordered card with its heading, named by it. */
import { Box, Paper, Text, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';

interface StatsSectionProps {
  title: string;
  /** One line under the heading: what is counted. */
  description?: ReactNode;
  children: ReactNode;
  className?: string;
}

export function StatsSection({ title, description, children, className }: StatsSectionProps) {
  const id = useId();
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={id} className={className}>
      <Title order={3} size="h4" id={id}>
        {title}
      </Title>
      {description && (
        <Text size="sm" c="dimmed" mt={2}>
          {description}
        </Text>
      )}
      <Box mt="sm">{children}</Box>
    </Paper>
  );
}
