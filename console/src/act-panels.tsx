/**
 * What the item page shows of an act once it exists: its annexes, its certified extract (previewed,
 * downloaded as PDF or stamped copy) and its transmission to the préfecture.
 */
import { useEffect, useState } from 'preact/hooks';
import type { TransmissionStatus } from '#ports/act-store';
import { documentLink } from './api.ts';
import { CancelTransmission } from './dialogue.tsx';
import { DocumentDownload } from './document-download.tsx';
import { frenchDate } from './pages/seance.tsx';

export interface ExtractView {
  readonly pdf: string;
  readonly html: string;
  readonly stamped: { readonly pdf: string } | null;
}

export interface TransmissionView {
  readonly status: TransmissionStatus;
  readonly statusLabel: string;
  readonly actesId: string;
  readonly receivedOn: string | null;
  readonly anomaly?: { readonly nature?: string; readonly detail: string };
  readonly reported?: { readonly code: string; readonly label: string; readonly meaning: string; readonly attention?: string };
  readonly cancelledAt?: string;
  readonly cancellation?: { readonly detail: string; readonly receivedOn?: string; readonly refused?: { readonly detail: string } };
}

/** An annex of the act, in its order: the API path of its file. */
export interface AnnexView {
  readonly title: string;
  readonly type: string;
  readonly file: string;
  readonly path: string;
}

export function Annexes({ annexes }: { annexes: readonly AnnexView[] }) {
  return (
    <section aria-labelledby="annexes-title" class="fr-mt-4w">
      <h2 id="annexes-title">Annexes ({annexes.length})</h2>
      <ol data-testid="annexes">
        {annexes.map((annex) => (
          <li key={annex.file}>
            <DocumentDownload path={annex.path} filename={annex.title} label={`${annex.title} (pièce ${annex.type})`} />
          </li>
        ))}
      </ol>
    </section>
  );
}

export function Extract({ extract, actesId }: { extract: ExtractView; actesId: string }) {
  const [html, setHtml] = useState<string | undefined>();
  useEffect(() => {
    void documentLink(extract.html).then(setHtml);
  }, [extract.html]);
  return (
    <section aria-labelledby="extract-title" class="fr-mt-4w">
      <h2 id="extract-title">Extrait certifié</h2>
      <ul class="fr-btns-group fr-btns-group--inline">
        <li>
          <DocumentDownload path={extract.pdf} filename={`${actesId}.pdf`} label="Télécharger l'extrait (PDF)" />
        </li>
        {extract.stamped && (
          <li>
            <DocumentDownload
              path={extract.stamped.pdf}
              filename={`${actesId}-tamponne.pdf`}
              label="Télécharger la copie tamponnée (PDF)"
            />
          </li>
        )}
      </ul>
      {html && <iframe class="registre-extract" title="Aperçu de l'extrait certifié" sandbox="" src={html} />}
    </section>
  );
}

const TRANSMISSION_WORDS: Readonly<Record<TransmissionStatus, string>> = {
  queued: 'en file',
  sent: 'envoyée',
  acknowledged: 'acquittée',
  refused: 'refusée',
  cancelled: 'annulée',
};

export function Transmission({ transmission, path, onChange }: { transmission: TransmissionView; path: string; onChange: () => void }) {
  return (
    <section aria-labelledby="transmission-title" class="fr-mt-4w">
      <h2 id="transmission-title">Transmission en préfecture</h2>
      <p data-testid="transmission">
        {TRANSMISSION_WORDS[transmission.status] ?? transmission.status} — IDActe {transmission.actesId}
        {transmission.receivedOn ? ` — accusé de réception du ${frenchDate(transmission.receivedOn)}` : ''}
        {transmission.anomaly ? ` — motif : ${transmission.anomaly.detail}` : ''}
        {transmission.cancellation?.refused
          ? ` — annulation refusée par le tiers de télétransmission : ${transmission.cancellation.refused.detail}`
          : ''}
        {transmission.status === 'cancelled' && transmission.cancellation
          ? ` — ${transmission.cancellation.detail}${transmission.cancellation.receivedOn ? `, accusé de réception de l'annulation du ${frenchDate(transmission.cancellation.receivedOn)}` : ''}`
          : ''}
      </p>
      {transmission.status === 'sent' && transmission.reported && (
        <p data-testid="transmission-reported">
          Tiers de télétransmission : {transmission.reported.label} — {transmission.reported.meaning}
          {transmission.reported.attention ? `. À faire : ${transmission.reported.attention}` : ''}
        </p>
      )}
      {(transmission.status === 'sent' || transmission.status === 'acknowledged') && (
        <CancelTransmission path={path} onCancelled={onChange} />
      )}
    </section>
  );
}
