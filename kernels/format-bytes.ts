// Byte counts as people read them, in widgets and in kernel messages: binary units (1 KiB = 1024 B),
// three significant figures.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = unit === 0 || Number.isInteger(value) ? String(value) : value.toPrecision(3);
  return `${text} ${UNITS[unit]}`;
}
