/**
 * The préfecture's classification of a collectivité, as Registre keeps it: `GET` shows it (its date,
 * the natures and the piece types each allows, the matières), `POST` asks the préfecture for it again
 * (DemandeClassification, sent by transmit-act: 202 while it goes). Openings are checked against it.
 */
import type { ClassificationRequest } from '#messages/transmission-request';
import type { ActStore } from '#ports/act-store';
import type { MessageQueue } from '#ports/message-queue';
import type { SessionStore } from '#ports/session-store';
import { HttpError, json } from './http.ts';
import type { authorizer, Params } from './requests.ts';

export interface ClassificationApiDeps {
  readonly acts: ActStore;
  readonly sessions: SessionStore;
  readonly dialogue: MessageQueue;
}

type SirenParams = Params & { siren: string };

export function classificationRoutes(deps: ClassificationApiDeps, authorized: ReturnType<typeof authorizer>) {
  const path = '/assemblies/{siren}/classification';
  return [
    {
      method: 'GET' as const,
      path,
      handler: authorized<SirenParams>(async (_, __, { siren }) => {
        const kept = await deps.acts.getClassification(siren);
        if (!kept)
          throw new HttpError(
            404,
            'not_found',
            `no classification of the préfecture is kept for ${siren} yet: it is fetched with its first act, or with POST ${path.replace('{siren}', siren)}`,
          );
        return json(200, {
          siren,
          date: kept.classification.date,
          fetchedAt: kept.fetchedAt,
          announced: kept.announced ?? null,
          natures: kept.classification.natures,
          matieres: kept.classification.matieres,
        });
      }),
    },
    {
      method: 'POST' as const,
      path,
      handler: authorized<SirenParams>(async (_, __, { siren }) => {
        const assembly = (await deps.sessions.index.assemblies()).find((a) => a.siren === siren);
        if (!assembly)
          throw new HttpError(
            404,
            'not_found',
            `no séance of the collectivité ${siren} was opened: its département, which the request names, is unknown`,
          );
        const request: ClassificationRequest = { type: 'ClassificationRequested', version: 1, siren, departement: assembly.departement };
        await deps.dialogue.send([{ body: JSON.stringify(request) }]);
        return json(202, { siren, status: 'requested' });
      }),
    },
  ];
}
