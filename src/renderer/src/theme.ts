import { createTheme } from '@mantine/core';

/** Calm clinical colours with strong contrast; red is kept for red flags and errors. */
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: { light: 8, dark: 6 },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'sm',
  headings: { fontWeight: '650' },
});
