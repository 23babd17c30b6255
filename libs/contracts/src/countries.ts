// ISO 3166-1 country codes. The network's member list is configuration (see
// libs/config `LITTORAL_MEMBERS`); this file only knows which codes exist and
// the default membership of ASEAN Plus Three (DOMAIN §5.1).

/** Every officially assigned ISO 3166-1 alpha-2 code. */
export const ISO_ALPHA2: ReadonlySet<string> = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY ' +
    'BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK ' +
    'FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR ' +
    'IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ' +
    'ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM ' +
    'PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF ' +
    'TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

export interface MemberCountry {
  alpha2: string;
  alpha3: string;
  name: string;
  /** Names met in source data that mean this country (DOMAIN §5.3). */
  aliases: readonly string[];
}

/** ASEAN Plus Three as of October 2025 (Timor-Leste admitted 26 Oct 2025). */
export const DEFAULT_MEMBERS: readonly MemberCountry[] = [
  { alpha2: 'BN', alpha3: 'BRN', name: 'Brunei Darussalam', aliases: ['Brunei'] },
  { alpha2: 'KH', alpha3: 'KHM', name: 'Cambodia', aliases: [] },
  { alpha2: 'ID', alpha3: 'IDN', name: 'Indonesia', aliases: [] },
  { alpha2: 'LA', alpha3: 'LAO', name: "Lao People's Democratic Republic", aliases: ['Laos', 'Lao PDR'] },
  { alpha2: 'MY', alpha3: 'MYS', name: 'Malaysia', aliases: [] },
  { alpha2: 'MM', alpha3: 'MMR', name: 'Myanmar', aliases: ['Burma'] },
  { alpha2: 'PH', alpha3: 'PHL', name: 'Philippines', aliases: [] },
  { alpha2: 'SG', alpha3: 'SGP', name: 'Singapore', aliases: [] },
  { alpha2: 'TH', alpha3: 'THA', name: 'Thailand', aliases: [] },
  { alpha2: 'VN', alpha3: 'VNM', name: 'Viet Nam', aliases: ['Vietnam'] },
  { alpha2: 'CN', alpha3: 'CHN', name: 'China', aliases: [] },
  { alpha2: 'JP', alpha3: 'JPN', name: 'Japan', aliases: [] },
  { alpha2: 'KR', alpha3: 'KOR', name: 'Korea, Republic of', aliases: ['South Korea', 'Republic of Korea'] },
  { alpha2: 'TL', alpha3: 'TLS', name: 'Timor-Leste', aliases: ['East Timor'] },
];

/** Country names seen in source data outside the member list, mapped to alpha-2. */
const OTHER_NAMES: Readonly<Record<string, string>> = {
  taiwan: 'TW', 'hong kong': 'HK', macao: 'MO', macau: 'MO', india: 'IN', bangladesh: 'BD', iran: 'IR',
  'united states': 'US', usa: 'US', canada: 'CA', 'united kingdom': 'GB', uk: 'GB', germany: 'DE', france: 'FR',
  italy: 'IT', spain: 'ES', australia: 'AU', 'new zealand': 'NZ', chile: 'CL', 'south africa': 'ZA', kenya: 'KE',
  brazil: 'BR', mexico: 'MX', portugal: 'PT', netherlands: 'NL', belgium: 'BE', denmark: 'DK', norway: 'NO',
  sweden: 'SE', finland: 'FI', greece: 'GR', turkey: 'TR', russia: 'RU', 'sri lanka': 'LK', pakistan: 'PK',
  'saudi arabia': 'SA', israel: 'IL', egypt: 'EG', nigeria: 'NG', argentina: 'AR', peru: 'PE', ireland: 'IE',
  poland: 'PL', switzerland: 'CH', croatia: 'HR', romania: 'RO', bulgaria: 'BG', slovenia: 'SI', malta: 'MT',
  cyprus: 'CY', tunisia: 'TN', morocco: 'MA', 'united arab emirates': 'AE', ecuador: 'EC', colombia: 'CO',
};

/**
 * Resolves a country given as alpha-2, alpha-3 (members) or a common name.
 * Returns undefined for anything it does not know — callers report it, never guess.
 */
export function resolveCountry(input: string): string | undefined {
  const value = input.trim();
  if (/^[A-Za-z]{2}$/.test(value)) {
    const code = value.toUpperCase();
    return ISO_ALPHA2.has(code) ? code : undefined;
  }
  const lower = value.toLowerCase();
  for (const m of DEFAULT_MEMBERS) {
    if (m.alpha3.toLowerCase() === lower || m.name.toLowerCase() === lower) return m.alpha2;
    if (m.aliases.some((a) => a.toLowerCase() === lower)) return m.alpha2;
  }
  return OTHER_NAMES[lower];
}
