/** How many bytes of a program PE headers are read from: enough for every linker's DOS stub and Rich header. */
export const PE_HEAD_BYTES = 4096;

/** IMAGE_SUBSYSTEM_WINDOWS_GUI: a program that opens windows of its own and gets no console. */
export const SUBSYSTEM_WINDOWS_GUI = 2;
/** IMAGE_SUBSYSTEM_WINDOWS_CUI: a console program. */
export const SUBSYSTEM_WINDOWS_CUI = 3;

/**
 * The Subsystem field of a Windows program's PE header (2 GUI, 3 console, ...), or null when `head` is not
 * the start of a PE image (a DOS .com, a truncated or foreign file). Layout (PE/COFF specification): "MZ",
 * the PE header's offset at 0x3C, "PE\0\0", the 20-byte COFF header (SizeOfOptionalHeader at +16), then the
 * optional header (magic 0x10B PE32 or 0x20B PE32+) with Subsystem at +68 in both formats.
 */
export function peSubsystem(head: Uint8Array): number | null {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (bytes.length < 0x40 || bytes.toString('latin1', 0, 2) !== 'MZ') return null;
  const pe = bytes.readUInt32LE(0x3c);
  const optional = pe + 24;
  if (optional + 70 > bytes.length) return null;
  if (bytes.toString('latin1', pe, pe + 4) !== 'PE\0\0') return null;
  if (bytes.readUInt16LE(pe + 20) < 70) return null;
  const magic = bytes.readUInt16LE(optional);
  if (magic !== 0x10b && magic !== 0x20b) return null;
  return bytes.readUInt16LE(optional + 68);
}
