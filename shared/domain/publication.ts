/**
 * When an act comes into force. Since 1 July 2022 an act of a collectivité is published
 * electronically, in full, on its website, and one subject to transmission is exécutoire once it is
 * both published and received by the préfecture (CGCT L2131-1): the later of the two days.
 */
import { frenchDate, parisDate } from '#extract/french';

/** The day an act is exécutoire, YYYY-MM-DD: the later of its publication (on the French calendar) and its reception (L2131-1). */
export function executoireOn(publishedAt: Date, receivedOn: string | undefined): string {
  const published = parisDate(publishedAt);
  return receivedOn !== undefined && receivedOn > published ? receivedOn : published;
}

export interface ActDates {
  /** ARActe DateReception, YYYY-MM-DD. */
  readonly receivedOn?: string;
  /** ISO 8601 instant. */
  readonly publishedAt?: string;
  readonly executoireOn?: string;
}

/** The act's dates as one line: "Transmis en préfecture le 24 mars 2025 — publié le 25 mars 2025 — exécutoire le 25 mars 2025". */
export function statusLine({ receivedOn, publishedAt, executoireOn }: ActDates): string {
  const parts = [
    receivedOn && `Transmis en préfecture le ${frenchDate(receivedOn)}`,
    publishedAt && `publié le ${frenchDate(parisDate(new Date(publishedAt)))}`,
    executoireOn && `exécutoire le ${frenchDate(executoireOn)}`,
  ].filter((part): part is string => Boolean(part));
  const line = parts.join(' — ');
  return line.charAt(0).toUpperCase() + line.slice(1);
}
