/** Dates and hours written the French way, as the acts print them. */

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** "2025-03-20" → "20 mars 2025"; the first of a month is "1er". */
export function frenchDate(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  return `${day === 1 ? '1er' : day} ${MONTHS[month - 1]} ${year}`;
}

/** "09:30" → "9h30", "18:07" → "18h07", "10:00" → "10h". */
export function frenchHour(hour: string): string {
  const [h, m] = hour.split(':') as [string, string];
  return `${Number(h)}h${m === '00' ? '' : m}`;
}

/** The date in France, YYYY-MM-DD: envelopes are named, and acts received, on the French calendar. */
export function parisDate(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(date);
}
