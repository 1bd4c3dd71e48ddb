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

const PARIS_CLOCK = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** An instant as France reads it, on its calendar and clock: "2025-03-25T09:32:00Z" → "25 mars 2025 à 10h32"; undefined for no instant. */
export function frenchInstant(iso: string): string | undefined {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return undefined;
  return `${frenchDate(parisDate(instant))} à ${frenchHour(PARIS_CLOCK.format(instant))}`;
}

/** The date in France, YYYY-MM-DD: envelopes are named, and acts received, on the French calendar. */
export function parisDate(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(date);
}
