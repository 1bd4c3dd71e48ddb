/**
 * Sign-in. On the local stack, one click signs in as the secretariat or the administrator with the
 * tokens `npm start` made (the console server hands them to pages of this machine only); anywhere, a
 * token can be pasted.
 */
import { useEffect, useState } from 'preact/hooks';
import { TextField } from '../fields.tsx';
import { ROLE_LABELS, signIn, type Role } from '../session.ts';

export function SignIn() {
  const [local, setLocal] = useState<Record<Role, string> | undefined>();
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    fetch('/_local/sign-in')
      .then((r) => (r.ok ? (r.json() as Promise<{ tokens: Record<Role, string> }>) : undefined))
      .then((answer) => setLocal(answer?.tokens))
      .catch(() => undefined);
  }, []);
  const enter = (token: string) => {
    if (!signIn(token)) return setError("ce jeton n'est pas un jeton Registre (rôle secrétariat ou administration)");
    location.hash = '#/';
  };
  return (
    <>
      <h1>Connexion</h1>
      {local && (
        <section class="fr-mb-6w" aria-labelledby="local-title">
          <h2 id="local-title" class="fr-h4">
            Sur ce poste
          </h2>
          <p>Registre tourne sur cette machine : choisissez votre rôle.</p>
          <ul class="fr-btns-group fr-btns-group--inline">
            {(Object.keys(local) as Role[]).map((role) => (
              <li key={role}>
                <button class="fr-btn" type="button" onClick={() => enter(local[role])}>
                  Se connecter : {ROLE_LABELS[role]}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          enter(pasted);
        }}
      >
        <TextField
          id="token"
          label="Jeton d'accès"
          hint="Le jeton que votre administrateur vous a remis."
          value={pasted}
          onInput={setPasted}
          error={error}
        />
        <button class="fr-btn fr-btn--secondary" type="submit">
          Se connecter
        </button>
      </form>
    </>
  );
}
