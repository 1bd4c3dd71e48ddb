/** The préfecture user's view of the inbox: one row per act received, its answer, its documents and its dialogue. */
import { escapeHtml as escape } from '#extract/render-html';
import type { Faults } from './simulator.ts';
import type { InboxEntry } from './inbox.ts';

export function inboxPage(entries: readonly InboxEntry[], faults: Faults): string {
  const rows = entries
    .map((entry) => {
      const documents = entry.documents
        .map((name) => `<a href="/inbox/${encodeURIComponent(entry.idActe)}/documents/${encodeURIComponent(name)}">${escape(name)}</a>`)
        .join('<br>');
      const answer =
        entry.status === 'acknowledged'
          ? `ARActe — reçu le ${entry.dateReception}`
          : `AnomalieActe ${escape(entry.anomaly?.nature ?? '')} — ${escape(entry.anomaly?.detail ?? '')}`;
      const dialogue = [
        entry.letters?.length ? `${entry.letters.length} courrier(s) envoyé(s)` : '',
        entry.messages?.length ? `${entry.messages.length} message(s) reçu(s)` : '',
        entry.cancelledOn ? `transmission annulée le ${entry.cancelledOn}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      return `<tr><td><a href="/actes/${encodeURIComponent(entry.idActe)}"><code>${escape(entry.idActe)}</code></a></td><td>${escape(entry.acte.objet)}</td><td>${escape(entry.channel)}</td><td>${escape(entry.receivedAt.slice(0, 19).replace('T', ' '))}</td><td class="${entry.status}">${answer}</td><td>${documents}</td><td>${escape(dialogue || '—')}</td></tr>`;
    })
    .join('\n');
  const active = Object.entries(faults)
    .filter(([, value]) => value !== 0 && value !== false && value !== null)
    .map(([key, value]) => [key, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
  return simulatorPage(
    'Préfecture — actes reçus',
    `<h1>Contrôle de légalité — actes reçus (${entries.length})</h1>
${active.length > 0 ? `<p class="faults">Pannes simulées : ${active.map(([k, v]) => `${escape(k!)} = ${escape(v!)}`).join(', ')}</p>` : ''}
<table><thead><tr><th>IDActe</th><th>Objet</th><th>Voie</th><th>Reçu</th><th>Réponse</th><th>Documents</th><th>Dialogue</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="7">Aucun acte reçu.</td></tr>'}
</tbody></table>`,
  );
}

/** A page of the simulator: its title, its styles, the content in a main landmark. */
export function simulatorPage(title: string, content: string): string {
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #111; max-width: 72rem; } table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; font-size: 0.92rem; }
a { color: #000091; } .acknowledged { color: #0a6b2c; } .refused { color: #a11; } .faults { background: #fff4d6; padding: 0.4rem 0.8rem; }
fieldset { border: 1px solid #ccc; padding: 0.8rem 1rem; margin: 0 0 1rem; } label { display: block; margin: 0.3rem 0; }
textarea { width: 100%; min-height: 6rem; font: inherit; } button { font: inherit; padding: 0.5rem 1.2rem; background: #000091; color: #fff; border: 0; cursor: pointer; }
ol.dialogue li { margin-bottom: 0.8rem; } .muted { color: #555; }
</style></head>
<body><main>
${content}
</main></body></html>
`;
}
