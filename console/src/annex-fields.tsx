/**
 * The annexes of an agenda item, as the secretariat adds them when opening a séance: each file is
 * uploaded as soon as it is chosen (PDF, PNG or JPEG), then listed with its title and its @CTES piece
 * type; the agenda names it by the SHA-256 the upload gave. They go to the préfecture with the act.
 */
import { useState } from 'preact/hooks';
import type { Annex } from '#events/session-events';
import { frenchDate } from '#extract/french';
import { upload } from './api.ts';
import { defaultPieceType, usePieceTypes } from './piece-types.ts';
import { describe } from './use-api.ts';

export function AnnexFields({
  index,
  siren,
  nature,
  annexes,
  errors,
  onChange,
}: {
  index: number;
  siren: string;
  /** The nature of the act (`DE`…), whose piece types the préfecture's classification names. */
  nature: string;
  annexes: readonly Annex[];
  errors: Readonly<Record<string, string>>;
  onChange: (annexes: Annex[]) => void;
}) {
  const { types, date } = usePieceTypes(siren, nature);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const id = (field: string) => `item-${index}-annexes-${field}`;
  const at = (position: number, field: string) => errors[`payload.items[${index}].annexes[${position}].${field}`];

  async function add(input: HTMLInputElement) {
    const files = [...(input.files ?? [])];
    if (files.length === 0) return;
    if (!/^\d{9}$/.test(siren)) return setError("Indiquez d'abord le SIREN de la collectivité : les annexes sont déposées chez elle.");
    setError(undefined);
    setUploading(true);
    const added: Annex[] = [];
    try {
      for (const file of files) {
        const uploaded = await upload(siren, file);
        added.push({ file: uploaded.file, type: defaultPieceType(types), title: file.name.replace(/\.[^.]+$/, '') || 'Annexe' });
      }
      onChange([...annexes, ...added.filter((a) => !annexes.some((kept) => kept.file === a.file))]);
      input.value = '';
    } catch (failure) {
      setError(describe(failure));
    } finally {
      setUploading(false);
    }
  }

  const change = (position: number, field: 'type' | 'title', value: string) =>
    onChange(annexes.map((annex, i) => (i === position ? { ...annex, [field]: value } : annex)));

  return (
    <div class="fr-fieldset__element" data-testid={id('list')}>
      <div class="fr-upload-group">
        <label class="fr-label" for={id('files')}>
          Annexes (facultatif)
          <span class="fr-hint-text">
            PDF, PNG ou JPEG ; elles partent à la préfecture avec l'acte.
            {date ? ` Types de pièces de la classification de la préfecture du ${frenchDate(date)}.` : ''}
          </span>
        </label>
        <input
          class="fr-upload"
          type="file"
          id={id('files')}
          accept="application/pdf,image/png,image/jpeg"
          multiple
          disabled={uploading}
          onChange={(e) => void add(e.currentTarget)}
        />
      </div>
      {uploading && <p role="status">Dépôt des fichiers…</p>}
      {error && (
        <p class="fr-error-text" role="alert">
          {error}
        </p>
      )}
      {annexes.length > 0 && (
        <ol class="fr-mt-2w">
          {annexes.map((annex, position) => (
            <li key={annex.file} class="fr-mb-2w">
              <div class="fr-input-group">
                <label class="fr-label" for={id(`${position}-title`)}>
                  Titre de l'annexe {position + 1}
                </label>
                <input
                  class="fr-input"
                  id={id(`${position}-title`)}
                  value={annex.title}
                  onInput={(e) => change(position, 'title', e.currentTarget.value)}
                />
                {at(position, 'title') && <p class="fr-error-text">{at(position, 'title')}</p>}
              </div>
              <div class="fr-select-group">
                <label class="fr-label" for={id(`${position}-type`)}>
                  Type de pièce de l'annexe {position + 1}
                </label>
                <select
                  class="fr-select"
                  id={id(`${position}-type`)}
                  value={annex.type}
                  onChange={(e) => change(position, 'type', e.currentTarget.value)}
                >
                  {types.map((t) => (
                    <option key={t.code} value={t.code}>
                      {t.label} ({t.code})
                    </option>
                  ))}
                </select>
                {at(position, 'type') && <p class="fr-error-text">{at(position, 'type')}</p>}
              </div>
              <button
                class="fr-btn fr-btn--tertiary fr-btn--sm"
                type="button"
                onClick={() => onChange(annexes.filter((_, i) => i !== position))}
              >
                Retirer l'annexe {position + 1}
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
