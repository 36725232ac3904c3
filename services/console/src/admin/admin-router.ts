import { InvalidRequestError, zodProblems } from '@sluice/errors';
import {
  type BudgetLedger,
  type ConfigStore,
  type InvalidationBus,
  type PromptStore,
  PromptTemplateSchema,
  type ProviderKeyVault,
  templateVariables,
  type VersionedDocumentStore,
  type VirtualKeyDirectory,
  type VirtualKeyStore,
} from '@sluice/governance';
import { type RequestHandler, Router } from 'express';
import { providerKeyRoutes } from './provider-key-routes';
import { versionedDocumentRoutes } from './versioned-document-routes';
import { virtualKeyRoutes } from './virtual-key-routes';

export interface AdminDependencies {
  keys: VirtualKeyStore;
  directory: VirtualKeyDirectory;
  vault: ProviderKeyVault;
  configs: ConfigStore;
  configDocuments: VersionedDocumentStore;
  prompts: PromptStore;
  promptDocuments: VersionedDocumentStore;
  ledger: BudgetLedger;
  bus: InvalidationBus;
}

/** The admin API (SPEC §4.5), mounted under /admin behind the admin token. */
export function adminRouter(dependencies: AdminDependencies): Router {
  const { bus, configs, prompts } = dependencies;
  const router = Router();
  router.use(rejectNulInBody);
  router.use(
    '/virtual-keys',
    virtualKeyRoutes({
      store: dependencies.keys,
      directory: dependencies.directory,
      configs,
      ledger: dependencies.ledger,
      bus,
    }),
  );
  router.use(
    '/provider-keys',
    providerKeyRoutes({ vault: dependencies.vault, providerIds: () => Object.keys(configs.current().providers), bus }),
  );
  router.use(
    '/configs',
    versionedDocumentRoutes({
      kind: 'config',
      documents: dependencies.configDocuments,
      validate: (document) => configs.validate(document),
      fileDocument: (id) => (configs.versionOf(id) === undefined ? configs.current().configs[id] : undefined),
      fileIds: () => Object.keys(configs.current().configs).filter((id) => configs.versionOf(id) === undefined),
      referencesTo: async (id) => configs.referencesTo(id, await dependencies.keys.list()),
      refresh: () => configs.refresh(),
      topic: 'configs',
      bus,
    }),
  );
  router.use(
    '/prompts',
    versionedDocumentRoutes({
      kind: 'prompt',
      documents: dependencies.promptDocuments,
      validate: validatePrompt,
      describe: describePrompt,
      refresh: () => prompts.refresh(),
      topic: 'prompts',
      bus,
    }),
  );
  return router;
}

/** PostgreSQL cannot store text holding a NUL character, so no admin body may carry one. */
const rejectNulInBody: RequestHandler = (request, _response, next) => {
  if (request.body !== undefined && JSON.stringify(request.body).includes('\\u0000')) {
    throw new InvalidRequestError('The request body contains a NUL character (\\u0000); remove it.', {
      code: 'invalid_body',
    });
  }
  next();
};

function describePrompt(document: unknown): Record<string, unknown> {
  const parsed = PromptTemplateSchema.safeParse(document);
  return { variables: parsed.success ? templateVariables(parsed.data) : [] };
}

function validatePrompt(document: unknown): unknown {
  const parsed = PromptTemplateSchema.safeParse(document);
  if (!parsed.success) throw InvalidRequestError.fromProblems('prompt', zodProblems(parsed.error.issues));
  return parsed.data;
}
