/**
 * The dialogue with the préfecture about an act, on the item page: its letters — a courrier simple, a
 * demande de pièces complémentaires, a lettre d'observations, a déféré — with their documents and
 * what became of them, the form answering one (the collectivité's letter as a PDF, and the pieces),
 * and the cancellation of the transmission. Answers and cancellations leave through the API at once;
 * the page, which reads the délibération again every few seconds, shows them go.
 */
import { useState } from 'preact/hooks';
import { frenchDate } from '#extract/french';
import { call, upload } from './api.ts';
import { DocumentDownload } from './document-download.tsx';
import { defaultPieceType, usePieceTypes } from './piece-types.ts';
import { describe } from './use-api.ts';

export interface LetterView {
  readonly id: string;
  readonly kind: 'courrier' | 'pieces' | 'observations' | 'defere';
  readonly label: string;
  readonly date: string;
  readonly detail: string | null;
  readonly acknowledgedAt: string | null;
  readonly documents: readonly { readonly name: string; readonly path: string }[];
  readonly expects: readonly ('reponse' | 'refus')[];
  readonly answerPath: string;
  readonly answer: {
    readonly kind: 'reponse' | 'refus';
    readonly status: 'requested' | 'sent' | 'acknowledged' | 'refused';
    readonly refusal: string | null;
    readonly acknowledgedOn: string | null;
  } | null;
}

const ANSWER_STATUS = {
  requested: 'en cours d’envoi',
  sent: 'envoyée à la préfecture',
  acknowledged: 'reçue par la préfecture',
  refused: 'refusée par le tiers de télétransmission',
} as const;

export function Letters({
  letters,
  siren,
  nature,
  onChange,
}: {
  letters: readonly LetterView[];
  siren: string;
  /** The nature of the act, whose piece types the préfecture's classification names. */
  nature: string;
  onChange: () => void;
}) {
  return (
    <section aria-labelledby="letters-title" class="fr-mt-4w" data-testid="letters">
      <h2 id="letters-title">Courriers de la préfecture ({letters.length})</h2>
      <ol class="registre-letters">
        {letters.map((letter) => (
          <li key={letter.id} class="fr-mb-3w" data-letter={letter.kind}>
            <h3 class="fr-h6 fr-mb-1w">
              {letter.label} du {frenchDate(letter.date)}
            </h3>
            {letter.detail && <p class="fr-mb-1w">« {letter.detail} »</p>}
            <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
              {letter.documents.map((d) => (
                <li key={d.name}>
                  <DocumentDownload path={d.path} filename={d.name} label={`Lire le courrier (${d.name})`} />
                </li>
              ))}
            </ul>
            {letter.acknowledgedAt && (
              <p class="fr-text--sm">Accusé de réception envoyé à la préfecture le {frenchDate(letter.acknowledgedAt.slice(0, 10))}.</p>
            )}
            {letter.answer && (
              <p data-testid="answer-status">
                {letter.answer.kind === 'refus' ? 'Refus' : 'Réponse'} {ANSWER_STATUS[letter.answer.status]}
                {letter.answer.acknowledgedOn ? ` le ${frenchDate(letter.answer.acknowledgedOn)}` : ''}
                {letter.answer.refusal ? ` : ${letter.answer.refusal}` : ''}.
              </p>
            )}
            {letter.answer && letter.answer.status !== 'refused' ? null : letter.expects.length > 0 ? (
              <AnswerForm letter={letter} siren={siren} nature={nature} onAnswered={onChange} />
            ) : (
              <p class="fr-text--sm">Pour information : ce courrier n'attend pas de réponse de la collectivité.</p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function AnswerForm({ letter, siren, nature, onAnswered }: { letter: LetterView; siren: string; nature: string; onAnswered: () => void }) {
  const { types } = usePieceTypes(siren, nature);
  const [kind, setKind] = useState<'reponse' | 'refus'>('reponse');
  const [chosen, setType] = useState<string | undefined>();
  const type = chosen ?? defaultPieceType(types);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const id = (name: string) => `${name}-${letter.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

  async function answer(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const letterFile = (form.elements.namedItem('letter') as HTMLInputElement).files?.[0];
    const pieces = [...((form.elements.namedItem('pieces') as HTMLInputElement | null)?.files ?? [])];
    if (!letterFile) return setError('Joignez la lettre de la collectivité, en PDF.');
    setError(undefined);
    setSending(true);
    try {
      const files = [{ file: (await upload(siren, letterFile)).file, type: '99_AU' }];
      if (kind === 'reponse') for (const piece of pieces) files.push({ file: (await upload(siren, piece)).file, type });
      await call('POST', letter.answerPath, { kind, files });
      onAnswered();
    } catch (failure) {
      setError(describe(failure));
    } finally {
      setSending(false);
    }
  }

  return (
    <form onSubmit={(e) => void answer(e)} data-testid="answer-form">
      {letter.expects.includes('refus') && (
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend fr-text--regular">Réponse</legend>
          {(['reponse', 'refus'] as const).map((value) => (
            <div class="fr-fieldset__element fr-fieldset__element--inline" key={value}>
              <div class="fr-radio-group">
                <input type="radio" id={id(value)} name={id('kind')} checked={kind === value} onChange={() => setKind(value)} />
                <label class="fr-label" for={id(value)}>
                  {value === 'reponse'
                    ? letter.kind === 'pieces'
                      ? 'Transmettre les pièces'
                      : 'Répondre'
                    : letter.kind === 'pieces'
                      ? 'Refuser de transmettre les pièces'
                      : 'Rejeter les observations'}
                </label>
              </div>
            </div>
          ))}
        </fieldset>
      )}
      <div class="fr-upload-group fr-mb-2w">
        <label class="fr-label" for={id('letter')}>
          Lettre de la collectivité
          <span class="fr-hint-text">Un PDF, signé par l'exécutif.</span>
        </label>
        <input class="fr-upload" type="file" id={id('letter')} name="letter" accept="application/pdf" required />
      </div>
      {kind === 'reponse' && letter.kind === 'pieces' && (
        <>
          <div class="fr-upload-group fr-mb-2w">
            <label class="fr-label" for={id('pieces')}>
              Pièces complémentaires
              <span class="fr-hint-text">PDF, PNG ou JPEG ; plusieurs fichiers possibles.</span>
            </label>
            <input class="fr-upload" type="file" id={id('pieces')} name="pieces" accept="application/pdf,image/png,image/jpeg" multiple />
          </div>
          <div class="fr-select-group">
            <label class="fr-label" for={id('type')}>
              Type des pièces
            </label>
            <select class="fr-select" id={id('type')} value={type} onChange={(e) => setType(e.currentTarget.value)}>
              {types.map((t) => (
                <option key={t.code} value={t.code}>
                  {t.label} ({t.code})
                </option>
              ))}
            </select>
          </div>
        </>
      )}
      {error && (
        <p class="fr-error-text" role="alert">
          {error}
        </p>
      )}
      <button class="fr-btn" type="submit" disabled={sending}>
        {sending ? 'Envoi…' : 'Envoyer à la préfecture'}
      </button>
    </form>
  );
}

/** The cancellation of a transmission the préfecture received: asked, then confirmed. */
export function CancelTransmission({ path, onCancelled }: { path: string; onCancelled: () => void }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | undefined>();
  async function cancel() {
    setError(undefined);
    try {
      await call('POST', `${path}/cancellation`);
      setAsking(false);
      onCancelled();
    } catch (failure) {
      setError(describe(failure));
    }
  }
  return (
    <div class="fr-mt-2w" data-testid="cancellation">
      {asking ? (
        <>
          <p>L'annulation retire l'acte du contrôle de légalité : la préfecture en accuse réception (ARAnnulation).</p>
          <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
            <li>
              <button class="fr-btn" type="button" onClick={() => void cancel()}>
                Confirmer l'annulation
              </button>
            </li>
            <li>
              <button class="fr-btn fr-btn--secondary" type="button" onClick={() => setAsking(false)}>
                Garder la transmission
              </button>
            </li>
          </ul>
        </>
      ) : (
        <button class="fr-btn fr-btn--tertiary fr-btn--sm" type="button" onClick={() => setAsking(true)}>
          Annuler la transmission
        </button>
      )}
      {error && (
        <p class="fr-error-text" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
