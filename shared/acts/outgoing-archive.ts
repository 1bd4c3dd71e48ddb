/**
 * The archive a message of the collectivité travels in, for the connectors that send archives: its
 * envelope (where the collectivité is, and this deployment's settings), today's date and the
 * collectivité's next envelope serial.
 */
import { buildMessageArchive, type ArchiveFile } from '#actes/actes-archive';
import type { EnvelopeMessage } from '#actes/actes-xml';
import { parisDate } from '#extract/french';
import type { ActStore } from '#ports/act-store';
import type { EnvelopeSettings } from '#runtime/prefecture-settings';

/** Where a collectivité is, as its envelope says it. */
export interface Collectivite {
  readonly siren: string;
  readonly departement: string;
  readonly arrondissement?: string;
}

export interface OutgoingDeps {
  readonly acts: Pick<ActStore, 'nextEnvelopeSerial'>;
  readonly envelope: EnvelopeSettings;
  readonly now: () => Date;
}

/** The envelope of a collectivité's messages (EnveloppeCLMISILL), but its forms. */
function envelopeOf(collectivite: Collectivite, settings: EnvelopeSettings): Omit<EnvelopeMessage, 'forms'> {
  return {
    siren: collectivite.siren,
    departement: collectivite.departement,
    arrondissement: collectivite.arrondissement ?? settings.defaultArrondissement,
    natureCollectivite: settings.natureCollectivite,
    returnEmails: settings.returnEmails,
  };
}

/** When and in which envelope a message leaves now: the date of the day and the next serial. */
export async function sending(collectivite: Collectivite, deps: OutgoingDeps) {
  return {
    envelope: envelopeOf(collectivite, deps.envelope),
    sentOn: parisDate(deps.now()),
    serial: await deps.acts.nextEnvelopeSerial(collectivite.siren),
    operator: deps.envelope.operator,
  };
}

export async function outgoingArchive(
  collectivite: Collectivite,
  message: ArchiveFile,
  files: readonly { readonly name: string; readonly bytes: Uint8Array }[],
  deps: OutgoingDeps,
): Promise<ArchiveFile> {
  return buildMessageArchive({
    ...(await sending(collectivite, deps)),
    message,
    files: files.map((f) => ({ name: f.name, bytes: Buffer.from(f.bytes) })),
  });
}
