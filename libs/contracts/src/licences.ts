// SPDX licence identifiers accepted for datasets. Data licences only; a
// national licence not on the SPDX list is written `LicenseRef-<name>` as SPDX
// itself prescribes.
export const SPDX_DATA_LICENCES: ReadonlySet<string> = new Set([
  'CC0-1.0', 'CC-BY-4.0', 'CC-BY-SA-4.0', 'CC-BY-NC-4.0', 'CC-BY-NC-SA-4.0', 'CC-BY-ND-4.0', 'CC-BY-NC-ND-4.0',
  'CC-BY-3.0', 'CC-BY-SA-3.0', 'CC-BY-NC-3.0', 'CC-BY-3.0-IGO', 'CC-BY-2.0', 'CC-PDDC', 'PDDL-1.0', 'ODbL-1.0',
  'ODC-By-1.0', 'OGL-UK-3.0', 'OGL-Canada-2.0', 'etalab-2.0', 'DL-DE-BY-2.0', 'NLOD-2.0', 'CDLA-Permissive-2.0',
  'CDLA-Sharing-1.0', 'Apache-2.0', 'MIT',
]);

const LICENCE_REF = /^LicenseRef-[A-Za-z0-9.-]{1,64}$/;

/** Is `id` an SPDX identifier we accept for a dataset licence? */
export function isSpdxLicence(id: string): boolean {
  return SPDX_DATA_LICENCES.has(id) || LICENCE_REF.test(id);
}

/** Stable licence URI for the common Creative Commons identifiers (used by catalogues). */
export function licenceUri(id: string): string {
  const cc = /^CC-(BY(?:-NC)?(?:-SA|-ND)?)-(\d\.\d)$/.exec(id);
  if (cc) return `https://creativecommons.org/licenses/${cc[1].toLowerCase()}/${cc[2]}/`;
  if (id === 'CC0-1.0') return 'https://creativecommons.org/publicdomain/zero/1.0/';
  return `https://spdx.org/licenses/${id}.html`;
}
