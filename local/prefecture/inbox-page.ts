/** The préfecture user's view of the inbox: one row per act received, its answer and its documents. */
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
      return `<tr><td><code>${escape(entry.idActe)}</code></td><td>${escape(entry.acte.objet)}</td><td>${escape(entry.channel)}</td><td>${escape(entry.receivedAt.slice(0, 19).replace('T', ' '))}</td><td class="${entry.status}">${answer}</td><td>${documents}</td></tr>`;
    })
    .join('\n');
  const active = Object.entries(faults)
    .filter(([, value]) => value !== 0 && value !== false && value !== null)
    .map(([key, value]) => [key, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Préfecture — actes reçus</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #111; } table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; font-size: 0.92rem; }
.acknowledged { color: #0a6b2c; } .refused { color: #a11; } .faults { background: #fff4d6; padding: 0.4rem 0.8rem; }
</style></head>
<body>
<h1>Contrôle de légalité — actes reçus (${entries.length})</h1>
${active.length > 0 ? `<p class="faults">Pannes simulées : ${active.map(([k, v]) => `${escape(k!)} = ${escape(v!)}`).join(', ')}</p>` : ''}
<table><thead><tr><th>IDActe</th><th>Objet</th><th>Voie</th><th>Reçu</th><th>Réponse</th><th>Documents</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="6">Aucun acte reçu.</td></tr>'}
</tbody></table>
</body></html>
`;
}
