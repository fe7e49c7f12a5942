/**
 * Every handout tells the patient whom to call, so none is printed until the practice's name
 * and phone number are set. The handout service refuses with this sentence; the screens
 * recognise it to offer the way to the settings.
 */
import type { Settings } from './schemas';

type Contact = Pick<Settings, 'practiceName' | 'phone'>;

/** Why nothing can be printed with these settings, in one sentence; null when the name and phone are set. */
export function missingPracticeContact({ practiceName, phone }: Contact): string | null {
  const noName = practiceName.trim() === '';
  const noPhone = phone.trim() === '';
  if (!noName && !noPhone) return null;
  const what = noName && noPhone ? "practice's name and phone number are" : noName ? "practice's name is" : "practice's phone number is";
  const them = noName && noPhone ? 'them' : 'it';
  return `Aftercare cannot be printed until the ${what} set, so that every handout says whom to call: an administrator sets ${them} in Settings → Practice.`;
}

/** Whether a refusal is the one above, whichever part was missing. */
export const isPracticeContactRefusal = (message: string): boolean =>
  [
    { practiceName: '', phone: '' },
    { practiceName: '', phone: 'set' },
    { practiceName: 'set', phone: '' },
  ].some((contact) => missingPracticeContact(contact) === message);
