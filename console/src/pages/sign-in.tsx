/**
 * Sign-in: one button to the hosted sign-in that `/config.json` names — Cognito's on AWS, where the
 * secretary gives an identifier and a password; the local stack's issuer on this machine, where the
 * role and the collectivités are chosen. It comes back here signed in, on the page it left.
 */
import { useState } from 'preact/hooks';
import { beginSignIn, signInConfig, takeNotice, type Notice } from '../session.ts';

export function SignIn() {
  const [notice] = useState<Notice | undefined>(takeNotice);
  const [going, setGoing] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const configured = signInConfig() !== undefined;
  return (
    <>
      <h1>Connexion</h1>
      {notice?.kind === 'expired' && (
        <div class="fr-alert fr-alert--warning fr-mb-4w" role="alert">
          <h2 class="fr-alert__title">Session expirée</h2>
          <p>Votre session a expiré : reconnectez-vous pour continuer. Les étapes en attente d’envoi sont gardées dans ce navigateur.</p>
        </div>
      )}
      {notice?.kind === 'failed' && (
        <div class="fr-alert fr-alert--error fr-mb-4w" role="alert">
          <h2 class="fr-alert__title">La connexion a échoué</h2>
          <p>Raison : {notice.reason}</p>
        </div>
      )}
      {!configured && (
        <div class="fr-alert fr-alert--error fr-mb-4w" role="alert">
          <h2 class="fr-alert__title">Connexion impossible</h2>
          <p>La console ne sait pas où vous connecter : son fichier config.json est absent ou illisible.</p>
        </div>
      )}
      {error && (
        <div class="fr-alert fr-alert--error fr-mb-4w" role="alert">
          <h2 class="fr-alert__title">Connexion impossible</h2>
          <p>{error}</p>
        </div>
      )}
      <p>Registre vous identifie par le service de connexion de votre organisation, puis vous ramène ici.</p>
      <button
        class="fr-btn"
        type="button"
        disabled={!configured || going}
        onClick={() => {
          setGoing(true);
          beginSignIn().catch(() => {
            setGoing(false);
            setError('Ce navigateur ne permet pas la connexion sécurisée (Web Crypto indisponible).');
          });
        }}
      >
        Se connecter
      </button>
    </>
  );
}
