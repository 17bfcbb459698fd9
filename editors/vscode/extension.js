// extension.js - starts `dbl lsp` for SQL files through vscode-languageclient.
'use strict';
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const cfg = vscode.workspace.getConfiguration('dbl');
  const command = cfg.get('path', 'dbl');
  const serverOptions = {
    run: { command, args: ['lsp'], transport: TransportKind.stdio },
    debug: { command, args: ['lsp'], transport: TransportKind.stdio },
  };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'sql' }, { scheme: 'untitled', language: 'sql' }],
    initializationOptions: { debounceMs: cfg.get('debounceMs', 150) },
    synchronize: {
      configurationSection: 'dbl',
      // the folder's other migrations and .dbl.json are the context of an open file
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.sql,.dbl.json}'),
    },
  };
  client = new LanguageClient('dbl', 'dbl', serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
