/** Form fields in the DSFR's markup: a label, an optional hint, the control, and its error in words. */
import type { ComponentChildren } from 'preact';

interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: string;
  readonly error?: string | undefined;
}

const describedBy = (id: string, error?: string) => (error ? `${id}-error` : undefined);

function Group({ id, label, hint, error, children }: FieldProps & { children: ComponentChildren }) {
  return (
    <div class={`fr-input-group${error ? ' fr-input-group--error' : ''}`}>
      <label class="fr-label" for={id}>
        {label}
        {hint && <span class="fr-hint-text">{hint}</span>}
      </label>
      {children}
      {error && (
        <p id={`${id}-error`} class="fr-error-text">
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField(
  props: FieldProps & {
    value: string;
    onInput: (value: string) => void;
    type?: 'text' | 'date' | 'time' | 'number';
    required?: boolean;
    multiline?: boolean;
  },
) {
  const common = {
    id: props.id,
    name: props.id,
    value: props.value,
    required: props.required,
    'aria-describedby': describedBy(props.id, props.error),
    'aria-invalid': props.error ? true : undefined,
    class: `fr-input${props.error ? ' fr-input--error' : ''}`,
  };
  return (
    <Group {...props}>
      {props.multiline ? (
        <textarea {...common} rows={4} onInput={(e) => props.onInput(e.currentTarget.value)} />
      ) : (
        <input {...common} type={(props.type ?? 'text') as 'text'} onInput={(e) => props.onInput(e.currentTarget.value)} />
      )}
    </Group>
  );
}

export function SelectField(
  props: FieldProps & {
    value: string;
    onChange: (value: string) => void;
    options: readonly { value: string; label: string }[];
    empty?: string;
  },
) {
  return (
    <div class={`fr-select-group${props.error ? ' fr-select-group--error' : ''}`}>
      <label class="fr-label" for={props.id}>
        {props.label}
        {props.hint && <span class="fr-hint-text">{props.hint}</span>}
      </label>
      <select
        class={`fr-select${props.error ? ' fr-select--error' : ''}`}
        id={props.id}
        name={props.id}
        value={props.value}
        aria-describedby={describedBy(props.id, props.error)}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {props.empty !== undefined && <option value="">{props.empty}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.error && (
        <p id={`${props.id}-error`} class="fr-error-text">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** An alert for what the page could not do, announced to screen readers. */
export function ErrorAlert({ title, lines }: { title: string; lines: readonly string[] }) {
  if (lines.length === 0) return null;
  return (
    <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
      <h2 class="fr-alert__title">{title}</h2>
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A choice among a few, as inline radios in a fieldset: named by `legend`, or by `label` alone (for
 * a row of a table, whose header says what is chosen). Each radio's id is `${name}-${value}`.
 */
export function Radios<V extends string>(props: {
  readonly name: string;
  readonly legend?: string;
  readonly label?: string;
  readonly options: readonly (readonly [V, string])[];
  readonly value: V | '' | undefined;
  readonly onChange: (value: V) => void;
}) {
  return (
    <fieldset class={`fr-fieldset${props.legend ? '' : ' fr-mb-0'}`} aria-label={props.legend ? undefined : props.label}>
      {props.legend && <legend class="fr-fieldset__legend">{props.legend}</legend>}
      {props.options.map(([value, label]) => (
        <div class={`fr-fieldset__element fr-fieldset__element--inline${props.legend ? '' : ' fr-mb-0'}`} key={value}>
          <div class="fr-radio-group">
            <input
              type="radio"
              id={`${props.name}-${value}`}
              name={props.name}
              checked={props.value === value}
              onChange={() => props.onChange(value)}
            />
            <label class="fr-label" for={`${props.name}-${value}`}>
              {label}
            </label>
          </div>
        </div>
      ))}
    </fieldset>
  );
}

/** What keeps a page from being up to date (the API out of reach, say), said politely, without interrupting. */
export function Warning({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <div class="fr-alert fr-alert--warning fr-mb-2w" role="status">
      <p>{text}</p>
    </div>
  );
}
