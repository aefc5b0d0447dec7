// Types for toast-xml.mjs (the fake's XML check, also used by the toast tests).
export function parseToastXml(
  xml: string,
): { ok: true; launch: string | null; texts: string[] } | { ok: false; error: string };
