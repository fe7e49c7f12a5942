/**
 * Name folding for search: lower case, accents and other marks removed, letters that do not
 * decompose (ø, æ, ß, đ, ł …) spelled out, punctuation made into spaces. `Zoë Nguyễn-Ångström`
 * folds to `zoe nguyen angstrom`.
 */
const spelled: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  ı: 'i',
  þ: 'th',
  ħ: 'h',
  ŧ: 't',
  ŋ: 'n',
  ĸ: 'k',
};
const spelledPattern = new RegExp(`[${Object.keys(spelled).join('')}]`, 'g');

export function foldText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(spelledPattern, (c) => spelled[c] ?? c)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a folded text. */
export const foldWords = (value: string): string[] => foldText(value).split(' ').filter(Boolean);
