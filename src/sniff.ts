/**
 * A cheap look at the first bytes of a `.json` file: could it be a Voiceflow export? Shared by
 * the VS Code client (which must not wake the views for every JSON file) and the server (which
 * analyses only what passes). No engine code: it only looks for keys every export era writes
 * near the top (`_version`, `diagrams`, or a project record's `creatorID` / `devVersion`).
 */
export const SNIFF_BYTES = 64 * 1024;

export function looksLikeExport(text: string): boolean {
  const head = text.slice(0, SNIFF_BYTES);
  if (!/^\uFEFF?\s*\{/.test(head)) return false;
  return (
    head.includes('"_version"') ||
    head.includes('"diagrams"') ||
    head.includes('"creatorID"') ||
    head.includes('"devVersion"')
  );
}
