/** Where the page stands, in the DSFR's breadcrumb: the séances, then the links given, the last one the page itself. */
export function Breadcrumb({ trail }: { trail: readonly { label: string; href?: string }[] }) {
  const links = [{ label: 'Séances', href: '#/' }, ...trail];
  return (
    <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
      <ol class="fr-breadcrumb__list">
        {links.map((link, index) => (
          <li key={link.label}>
            {index === links.length - 1 ? (
              <a class="fr-breadcrumb__link" aria-current="page">
                {link.label}
              </a>
            ) : (
              <a class="fr-breadcrumb__link" href={link.href}>
                {link.label}
              </a>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
