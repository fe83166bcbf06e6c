import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createPostgresVaultBackend, createSqliteVaultBackend } from '@banjian/adapters';
import { createLocalMasterKeys, createVault, parseMasterKeyFile, type EventStore, type VaultBackend } from '@banjian/core';
import { stringOption, UsageError, type OptionValues } from './command';

/** `--personal-data FILE` and what must go with it: the vault, its master key, and why. */
export interface PersonalExportOptions {
  readonly file: string;
  readonly vault: string;
  readonly keyFile: string;
  readonly purpose: string;
}

export const personalExportOptions = (values: OptionValues): PersonalExportOptions | undefined => {
  const file = stringOption(values, 'personal-data');
  const extras = ['vault', 'vault-key', 'purpose'].filter((k) => values[k] !== undefined);
  if (file === undefined) {
    if (extras.length > 0) throw new UsageError(`--${extras[0]} goes with --personal-data`);
    return undefined;
  }
  const vault = stringOption(values, 'vault');
  const keyFile = stringOption(values, 'vault-key');
  const purpose = stringOption(values, 'purpose');
  if (vault === undefined || keyFile === undefined || purpose === undefined || purpose.trim() === '') {
    throw new UsageError('--personal-data needs --vault URL, --vault-key FILE and --purpose TEXT (every read of personal data is logged with its purpose)');
  }
  return { file, vault, keyFile, purpose };
};

const openVaultBackend = async (url: string): Promise<VaultBackend> => {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (!existsSync(path)) throw new UsageError(`--vault ${url}: no such file`);
    return createSqliteVaultBackend({ path });
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const schema = new URL(url).searchParams.get('schema') ?? undefined;
    return createPostgresVaultBackend({ connectionString: url, ...(schema ? { schema } : {}) });
  }
  throw new UsageError(`--vault ${url}: expected sqlite:<path> or postgres://…`);
};

/**
 * Writes the personal data of every applicant in the log to its own NDJSON file (never into the
 * log export): `{ref, caseIds, data}` or `{ref, caseIds, state: "erased", erasedAt}`. Only a caller
 * holding the master key can, and each read is in the vault's access log as `banjian-export` with
 * the purpose given. The file is created readable by its owner only.
 */
export const exportPersonalData = async (store: EventStore, options: PersonalExportOptions): Promise<{ people: number; erased: number }> => {
  let keys;
  try {
    keys = createLocalMasterKeys(parseMasterKeyFile(readFileSync(options.keyFile, 'utf8')));
  } catch (error) {
    throw new UsageError(`--vault-key ${options.keyFile}: ${(error as Error).message}`);
  }
  const casesOf = new Map<string, string[]>();
  for await (const event of store.readAll({ types: ['ApplicationSubmitted'] })) {
    const { caseId, applicant } = event.data as { caseId: string; applicant: { ref: string } };
    casesOf.set(applicant.ref, [...(casesOf.get(applicant.ref) ?? []), caseId]);
  }
  const vault = createVault({ backend: await openVaultBackend(options.vault), keys, retention: { default: { years: 1 } } });
  const lines: string[] = [];
  let erased = 0;
  try {
    for (const [ref, caseIds] of casesOf) {
      const read = await vault.read(ref, { actor: { kind: 'system', id: 'banjian-export' }, caseId: caseIds[0]!, purpose: options.purpose });
      if (read._tag === 'Right') lines.push(JSON.stringify({ ref, caseIds, data: read.right }));
      else if (read.left.kind === 'erased') {
        erased++;
        lines.push(JSON.stringify({ ref, caseIds, state: 'erased', erasedAt: read.left.erasedAt }));
      } else if (read.left.kind !== 'notFound') throw new UsageError(`personal data of ${ref}: ${read.left.message}`);
    }
  } finally {
    await vault.close();
  }
  writeFileSync(options.file, lines.map((l) => `${l}\n`).join(''), { mode: 0o600 });
  return { people: lines.length - erased, erased };
};
