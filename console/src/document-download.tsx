import { useState } from 'preact/hooks';
import { documentLink } from './api.ts';

/**
 * A link saving a document: its link from the archive lasts minutes, so a click asks for a fresh one
 * and goes there; the address the link shows is the API's.
 */
export function DocumentDownload({ path, filename, label }: { path: string; filename: string; label: string }) {
  const [failed, setFailed] = useState(false);
  const download = (event: Event) => {
    event.preventDefault();
    setFailed(false);
    documentLink(path, true).then(
      (url) => window.location.assign(url),
      () => setFailed(true),
    );
  };
  return (
    <>
      <a class="fr-btn fr-btn--secondary" href={path} download={filename} onClick={download}>
        {label}
      </a>
      {failed && <p class="fr-error-text">Le document n'a pas pu être obtenu : réessayez.</p>}
    </>
  );
}
