/**
 * Who documents: the clinician choices of the visit form, and the one it starts with.
 * Most desks are used by one clinician a day, so the last one who saved a visit here is
 * remembered on this computer.
 */
import type { Actor, Clinician } from '@shared/types';

const lastClinicianKey = 'milia-last-clinician';

export function rememberClinician(id: number): void {
  try {
    localStorage.setItem(lastClinicianKey, String(id));
  } catch {
    // Storage can be full or switched off; the default is only a convenience.
  }
}

function rememberedClinician(): number | null {
  try {
    const stored = Number(localStorage.getItem(lastClinicianKey));
    return Number.isSafeInteger(stored) && stored > 0 ? stored : null;
  } catch {
    return null;
  }
}

/**
 * A dermatologist documents their own visits; anyone else gets the last clinician who saved a
 * visit here, if still active; else the first dermatologist; else anyone active.
 */
export function defaultClinician(clinicians: readonly Clinician[], user: Actor): number | null {
  const active = clinicians.filter((c) => c.active);
  const own = user.clinicalRole === 'dermatologist' ? user.clinicianId : null;
  const remembered = rememberedClinician();
  const pick = active.find((c) => c.id === own) ?? active.find((c) => c.id === remembered) ?? active.find((c) => c.role === 'dermatologist') ?? active[0];
  return pick?.id ?? null;
}

/**
 * Active clinicians, plus any inactive one this visit already names (so an old visit still
 * shows who saw the patient), with a blank first choice when nobody is picked.
 */
export function clinicianOptions(clinicians: readonly Clinician[], named: ReadonlyArray<string>): Array<{ value: string; label: string }> {
  const shown = clinicians.filter((c) => c.active || named.includes(String(c.id)));
  const options = shown.map((c) => ({ value: String(c.id), label: c.active ? c.name : `${c.name} (inactive)` }));
  return named.some((id) => id === '') ? [{ value: '', label: 'Choose…' }, ...options] : options;
}
