/** The statistics CSV's header as `statistics.md` writes it, spelled out here so that a change to the code's list shows in the tests. */
export const csvColumns = [
  'visit_date',
  'patient',
  'clinician',
  'kind',
  'site',
  'side',
  'lesions_treated',
  'procedure_code',
  'kind_label',
  'site_label',
  'side_label',
  'procedure_label',
];
