/**
 * The store's hooks on a connection: publish a document's diagnostics (and its project file's),
 * tell the client an analysis changed, report progress on large files, log failed analyses.
 */
import { randomUUID } from 'crypto';
import {
  CodeLensRefreshRequest,
  Connection,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { fmtMegabytes } from '../core/report/display';
import { ANALYZED_NOTIFICATION } from '../protocol';
import type { StoreHooks } from './analysisStore';
import { documentDiagnostics, lspDiagnostics } from './diagnostics';

/** What the client said it supports (read from `initialize`). */
export interface ClientSupport {
  workDoneProgress: boolean;
  codeLensRefresh: boolean;
}

export function storeHooks(connection: Connection, client: ClientSupport): StoreHooks {
  /** Project files that currently have published problems (cleared when they are fixed). */
  const configsWithProblems = new Set<string>();
  /** A message that cannot be delivered (the client went away) is not an error of the server. */
  const quietly = (p: Promise<unknown>) => void p.catch(() => undefined);
  return {
    published(doc) {
      quietly(
        connection.sendDiagnostics({
          uri: doc.uri,
          version: doc.version,
          diagnostics: lspDiagnostics(documentDiagnostics(doc)),
        }),
      );
      const cfg = doc.project.configFile;
      if (cfg) {
        const uri = URI.file(cfg).toString();
        const problems = lspDiagnostics(doc.project.configDiagnostics);
        if (problems.length || configsWithProblems.has(uri))
          quietly(connection.sendDiagnostics({ uri, diagnostics: problems }));
        if (problems.length) configsWithProblems.add(uri);
        else configsWithProblems.delete(uri);
      }
      quietly(
        connection.sendNotification(ANALYZED_NOTIFICATION, { uri: doc.uri, version: doc.version, ok: !doc.error }),
      );
      // Lenses the editor holds may be older than this analysis (a project file changed).
      if (client.codeLensRefresh) quietly(connection.sendRequest(CodeLensRefreshRequest.type));
      if (doc.millis > 1000)
        connection.console.log(`analysed ${doc.uri} (${doc.text.length} chars) in ${doc.millis} ms`);
    },

    async progress<T>(uri: string, bytes: number, work: () => T): Promise<T> {
      if (!client.workDoneProgress) return work();
      const token = randomUUID();
      try {
        await connection.sendRequest(WorkDoneProgressCreateRequest.type, { token });
      } catch {
        return work(); // the client refused the progress: analyse without it
      }
      // Resolves once "begin" is written to the transport, so the editor has it before the
      // synchronous analysis occupies this process.
      await connection.sendProgress(WorkDoneProgress.type, token, {
        kind: 'begin',
        title: 'Agent Cost',
        message: `Analysing ${uri.split('/').pop()} (${fmtMegabytes(bytes)})`,
      });
      try {
        return work();
      } finally {
        quietly(connection.sendProgress(WorkDoneProgress.type, token, { kind: 'end' }));
      }
    },

    failed(uri, detail) {
      connection.console.error(`Agent Cost could not analyse ${uri}:\n${detail}`);
    },
  };
}
