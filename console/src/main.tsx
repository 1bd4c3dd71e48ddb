/**
 * The secretariat's console: a Preact application on the Registre API, in French and in the
 * Système de Design de l'État. Pages are chosen by the URL's hash, so that a reload or a bookmark
 * opens the same page and the static hosting needs no rewrite rules.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Admin } from './pages/admin.tsx';
import { Item } from './pages/item.tsx';
import { NewSeance } from './pages/new-seance.tsx';
import { Seance } from './pages/seance.tsx';
import { Seances } from './pages/seances.tsx';
import { SignIn } from './pages/sign-in.tsx';
import { startOutbox } from './outbox.ts';
import { checkExpiry, completeSignIn, loadConfig, onSessionChange, ROLE_LABELS, sessionExpired, signedIn, signOut } from './session.ts';

type Route =
  | { page: 'sign-in' }
  | { page: 'seances' }
  | { page: 'new-seance' }
  | { page: 'seance'; siren: string; sessionId: string }
  | { page: 'item'; siren: string; sessionId: string; number: string }
  | { page: 'admin' };

function route(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (!signedIn() || parts[0] === 'connexion') return { page: 'sign-in' };
  if (parts[0] === 'nouvelle-seance') return { page: 'new-seance' };
  if (parts[0] === 'administration') return { page: 'admin' };
  if (parts[0] === 'seances' && parts[1] && parts[2] && parts[3] === 'points' && parts[4])
    return { page: 'item', siren: parts[1], sessionId: parts[2], number: parts[4] };
  if (parts[0] === 'seances' && parts[1] && parts[2]) return { page: 'seance', siren: parts[1], sessionId: parts[2] };
  return { page: 'seances' };
}

const TITLES: Readonly<Record<Route['page'], string>> = {
  'sign-in': 'Connexion',
  seances: 'Séances',
  'new-seance': 'Ouvrir une séance',
  seance: 'Séance',
  item: 'Délibération',
  admin: 'Administration',
};

function App() {
  const [hash, setHash] = useState(location.hash);
  const [session, setSession] = useState(0);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    addEventListener('hashchange', changed);
    const stop = onSessionChange(() => setSession((n) => n + 1));
    return () => {
      removeEventListener('hashchange', changed);
      stop();
    };
  }, []);
  // The session ends when its token does: back to the sign-in, which says so.
  useEffect(() => {
    const who = signedIn();
    if (!who) return;
    const timer = setTimeout(sessionExpired, Math.min(Math.max(who.expiresAt - Date.now(), 0), 2_147_483_647));
    // A computer put to sleep fires its timers late: look again when the page comes back.
    addEventListener('visibilitychange', checkExpiry);
    return () => {
      clearTimeout(timer);
      removeEventListener('visibilitychange', checkExpiry);
    };
  }, [session]);
  const current = route(hash);
  useEffect(() => {
    document.title = `${TITLES[current.page]} — Registre`;
    document.getElementById('contenu')?.focus();
  }, [hash, current.page]);
  return (
    <>
      <div class="fr-skiplinks">
        <nav class="fr-container" role="navigation" aria-label="Accès rapide">
          <ul class="fr-skiplinks__list">
            <li>
              <a class="fr-link" href="#contenu" onClick={(e) => (e.preventDefault(), document.getElementById('contenu')?.focus())}>
                Contenu
              </a>
            </li>
          </ul>
        </nav>
      </div>
      <Header />
      <main id="contenu" class="fr-container fr-py-4w" tabIndex={-1}>
        <Page route={current} />
      </main>
      <footer class="fr-footer" role="contentinfo">
        <div class="fr-container">
          <div class="fr-footer__body">
            <div class="fr-footer__brand fr-enlarge-link">
              <Logo />
            </div>
            <div class="fr-footer__content">
              <p class="fr-footer__content-desc">
                Registre : des séances des assemblées locales aux actes transmis en préfecture (CGCT, @CTES).
              </p>
            </div>
          </div>
        </div>
      </footer>
    </>
  );
}

/** The Marianne block the DSFR puts in the header and the footer of every State service. */
function Logo() {
  return (
    <p class="fr-logo">
      République
      <br />
      Française
    </p>
  );
}

function Header() {
  const who = signedIn();
  const scope = who && (who.scope === '*' ? 'toutes les collectivités' : `collectivités ${who.scope.join(', ')}`);
  return (
    <header role="banner" class="fr-header">
      <div class="fr-header__body">
        <div class="fr-container">
          <div class="fr-header__body-row">
            <div class="fr-header__brand fr-enlarge-link">
              <div class="fr-header__brand-top">
                <div class="fr-header__logo">
                  <Logo />
                </div>
              </div>
              <div class="fr-header__service">
                <a href="#/" title="Accueil — Registre">
                  <p class="fr-header__service-title">Registre</p>
                </a>
                <p class="fr-header__service-tagline">Console du secrétariat de séance</p>
              </div>
            </div>
            {who && (
              <div class="fr-header__tools">
                <div class="fr-header__tools-links">
                  <ul class="fr-btns-group">
                    <li>
                      <p class="fr-mb-0 fr-mr-2w" data-testid="signed-in">
                        Connecté : {who.sub} ({ROLE_LABELS[who.role]}), {scope}
                      </p>
                    </li>
                    {who.role === 'admin' && (
                      <li>
                        <a class="fr-btn fr-btn--tertiary-no-outline" href="#/administration">
                          Administration
                        </a>
                      </li>
                    )}
                    <li>
                      <button class="fr-btn fr-btn--tertiary-no-outline" type="button" onClick={signOut}>
                        Se déconnecter
                      </button>
                    </li>
                  </ul>
                </div>
              </div>
            )}
          </div>
        </div>
      </div>
    </header>
  );
}

function Page({ route: current }: { route: Route }) {
  switch (current.page) {
    case 'sign-in':
      return <SignIn />;
    case 'seances':
      return <Seances />;
    case 'new-seance':
      return <NewSeance />;
    case 'seance':
      return <Seance siren={current.siren} sessionId={current.sessionId} />;
    case 'item':
      return <Item siren={current.siren} sessionId={current.sessionId} number={current.number} />;
    case 'admin':
      return <Admin />;
  }
}

/** Reads how to sign in, finishes a sign-in coming back with its code, then shows the pages. */
async function boot(): Promise<void> {
  if (await loadConfig()) await completeSignIn();
  checkExpiry();
  startOutbox();
  render(<App />, document.getElementById('app')!);
}

void boot();
