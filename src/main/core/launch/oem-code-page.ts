// Windows' OEM code page (the one a new console uses, and so cmd.exe and Windows PowerShell for redirected
// output) per language, as Windows' locale data assigns it; languages not listed use 437, like US English.
const BY_LANGUAGE: Record<string, number> = {
  ...Object.fromEntries(
    'af br ca co cy da de es eu fi fo fr fy ga gd gl id is it lb ms nb nl nn no oc pt rm sv'
      .split(' ')
      .map((language) => [language, 850]),
  ),
  ...Object.fromEntries('bs cs hr hu pl ro sk sl sq sr'.split(' ').map((language) => [language, 852])),
  ...Object.fromEntries('ba be bg kk ky mk mn ru sah tg tt uk'.split(' ').map((language) => [language, 866])),
  ...Object.fromEntries('et lt lv'.split(' ').map((language) => [language, 775])),
  ...Object.fromEntries('ar fa prs ur'.split(' ').map((language) => [language, 720])),
  el: 737,
  tr: 857,
  az: 857,
  uz: 857,
  he: 862,
  th: 874,
  vi: 1258,
  ja: 932,
  zh: 936,
  ko: 949,
};

// English in Britain, Ireland, Australia, New Zealand, Canada and the Caribbean uses the Western European
// page; script or region picks the page for languages written in two scripts, and for Chinese.
const BY_TAG: [RegExp, number][] = [
  [/^en-(gb|ie|au|nz|ca|029)\b/, 850],
  [/^(sr|bs)-cyrl\b/, 855],
  [/^(az|uz)-cyrl\b/, 866],
  [/^zh-(hant\b|tw|hk|mo)/, 950],
];

/** The OEM code page Windows uses for a locale such as "de-DE" or "zh-Hant-TW"; 437 when it has none of its own. */
export function oemCodePageForLocale(locale: string): number {
  const tag = locale.toLowerCase().replaceAll('_', '-');
  for (const [pattern, codePage] of BY_TAG) if (pattern.test(tag)) return codePage;
  return BY_LANGUAGE[tag.split('-')[0] ?? ''] ?? 437;
}

let cached: number | undefined;

/**
 * This machine's OEM code page, as well as it can be known without a Win32 call or starting a process: from
 * the locale Windows gave the app (ICU reads it from the user's settings). Windows takes the OEM code page
 * from the system locale, which is the same language on nearly every machine; where it is not, pass the real
 * value (GetOEMCP) as LaunchContext.oemCodePage.
 */
export function systemOemCodePage(): number {
  cached ??= oemCodePageForLocale(Intl.DateTimeFormat().resolvedOptions().locale);
  return cached;
}
