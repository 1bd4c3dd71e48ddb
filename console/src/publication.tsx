/**
 * The act's publication on the collectivité's public site (CGCT L2131-1). Once the préfecture has
 * acknowledged it, the secretariat publishes it; it is exécutoire from the later of its publication
 * and its reception. The API publishes it in the background: the section reads the délibération
 * again until the publication shows, and says so in its live region.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { frenchDate } from '#extract/french';
import { call } from './api.ts';
import { publishedAtText, readUntil } from './publishing.ts';
import { describe } from './use-api.ts';

export interface PublicationView {
  readonly publishedAt: string;
  /** YYYY-MM-DD. */
  readonly executoireOn: string;
  /** The act's page on the public site. */
  readonly url: string | null;
}

interface Published {
  readonly publication: PublicationView;
  readonly statusLine: string | null;
}

type Notice = { readonly kind: 'error' | 'warning'; readonly text: string };

const PROGRESS = { idle: '', publishing: 'Publication en cours…', published: 'Acte publié.' } as const;

export function Publication(props: {
  /** The délibération in the API. */
  readonly path: string;
  readonly publication: PublicationView | null;
  readonly statusLine: string | null;
  /** Reads the délibération again, once it is published. */
  readonly onPublished: () => void;
}) {
  const [progress, setProgress] = useState<keyof typeof PROGRESS>('idle');
  const [notice, setNotice] = useState<Notice | undefined>();
  // What this section read itself, until the page's own reading catches up.
  const [read, setRead] = useState<Published | undefined>();
  const left = useRef(false);
  useEffect(
    () => () => {
      left.current = true;
    },
    [],
  );
  const { publication, statusLine } = props.publication
    ? { publication: props.publication, statusLine: props.statusLine }
    : (read ?? props);

  async function publish() {
    setNotice(undefined);
    setProgress('publishing');
    try {
      await call('POST', `${props.path}/publication`);
      const published = await readUntil(
        async () => {
          const item = await call<{ publication: PublicationView | null; statusLine: string | null }>('GET', props.path);
          return item.publication ? { publication: item.publication, statusLine: item.statusLine } : null;
        },
        { stopped: () => left.current },
      );
      if (left.current) return;
      if (published) {
        setRead(published);
        setProgress('published');
        props.onPublished();
      } else {
        setProgress('idle');
        setNotice({ kind: 'warning', text: "La publication n'a pas encore abouti : elle s'affichera ici dès qu'elle sera faite." });
      }
    } catch (failure) {
      if (left.current) return;
      setProgress('idle');
      setNotice({ kind: 'error', text: describe(failure) });
    }
  }

  return (
    <section aria-labelledby="publication-title" class="fr-mt-4w" data-testid="publication">
      <h2 id="publication-title">Publication</h2>
      {publication ? (
        <div class="fr-callout">
          <p class="fr-callout__title">Exécutoire le {frenchDate(publication.executoireOn)}</p>
          <p class="fr-callout__text">Publiée le {publishedAtText(publication.publishedAt)}.</p>
          {publication.url && (
            <p class="fr-mt-2w">
              <a class="fr-link" href={publication.url}>
                Voir l'acte sur le site public
              </a>
            </p>
          )}
        </div>
      ) : (
        <>
          <p>Acquittée par la préfecture : l'acte devient exécutoire une fois publié (CGCT L2131-1).</p>
          <button class="fr-btn" type="button" data-testid="publish" disabled={progress === 'publishing'} onClick={() => void publish()}>
            Publier l'acte
          </button>
        </>
      )}
      {statusLine && (
        <p class="fr-mt-2w" data-testid="status-line">
          {statusLine}
        </p>
      )}
      <div role="status">{progress !== 'idle' && <p class="fr-mt-2w">{PROGRESS[progress]}</p>}</div>
      {notice && (
        <div class={`fr-alert fr-alert--${notice.kind} fr-alert--sm fr-mt-2w`} role="alert">
          <p>{notice.text}</p>
        </div>
      )}
    </section>
  );
}
