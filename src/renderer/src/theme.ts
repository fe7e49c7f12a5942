import { createTheme, defaultVariantColorsResolver, parseThemeColor, type VariantColorsResolver } from '@mantine/core';

/**
 * Text on a tinted background (light variants: the active navigation link, light badges and
 * alerts) in the darkest shade on the palest tint, so that it passes WCAG AA (4.5:1); Mantine's
 * own pair falls just short for teal.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  const parsed = parseThemeColor({ color: input.color || input.theme.primaryColor, theme: input.theme });
  if (input.variant === 'light' && parsed.isThemeColor && parsed.shade === undefined) {
    return {
      ...colors,
      background: `var(--mantine-color-${parsed.color}-0)`,
      hover: `var(--mantine-color-${parsed.color}-1)`,
      color: `var(--mantine-color-${parsed.color}-9)`,
    };
  }
  return colors;
};

/** Calm clinical colours with strong contrast; red is kept for red flags and errors. */
export const theme = createTheme({
  primaryColor: 'teal',
  // Shade 9: white text on a filled teal button reaches 5:1 (shade 8 is 3.9:1).
  primaryShade: { light: 9, dark: 6 },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'sm',
  headings: { fontWeight: '650' },
  variantColorResolver,
});
