// The kscript extension: colour comes from the TextMate grammar; everything
// else (diagnostics, hover, definitions, rename, completion, quick fixes,
// formatting, symbols, inlay hints) from the language server that
// `kscript lsp` runs over standard input and output.
"use strict";

const os = require("os");
const vscode = require("vscode");
const { LanguageClient, RevealOutputChannelOn } = require("vscode-languageclient/node");

let client;

// `kscript.path` as VS Code's own settings read: `${workspaceFolder}` (or
// `${workspaceFolder:name}` in a multi-root workspace), `${userHome}`,
// `${env:NAME}` and a leading `~` are expanded; the extension API hands the
// text over as written, and a process cannot be started from it.
function expandPath(value, folders, home, env) {
  let text = value.trim();
  const folderPath = (name) => {
    const found = name === undefined ? folders[0] : folders.find((f) => f.name === name);
    return found ? found.uri.fsPath : undefined;
  };
  text = text.replace(/\$\{workspaceFolder(?::([^}]+))?\}/g, (whole, name) => {
    const found = folderPath(name);
    return found === undefined ? whole : found;
  });
  text = text.replace(/\$\{userHome\}/g, home);
  text = text.replace(/\$\{env:([^}]+)\}/g, (whole, name) => env[name] || "");
  if (text === "~" || text.startsWith("~/") || text.startsWith("~\\")) {
    text = home + text.slice(1);
  }
  return text;
}

function serverOptions() {
  const configured = vscode.workspace.getConfiguration("kscript").get("path");
  const written = typeof configured === "string" && configured.trim() ? configured.trim() : "kscript";
  const command = expandPath(written, vscode.workspace.workspaceFolders || [], os.homedir(), process.env);
  // No `transport` key: with one, vscode-languageclient appends `--stdio` to
  // the arguments. `kscript lsp` speaks over stdio without being asked.
  return { command, args: ["lsp"], options: { env: process.env } };
}

async function start(context) {
  const options = serverOptions();
  client = new LanguageClient(
    "kscript",
    "kscript",
    options,
    {
      documentSelector: [
        { scheme: "file", language: "kscript" },
        { scheme: "untitled", language: "kscript" },
      ],
      // The server reads the project's configuration from these files.
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher("**/{kscript.toml,pyproject.toml}"),
      },
      revealOutputChannelOn: RevealOutputChannelOn.Never,
    }
  );
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    const choice = await vscode.window.showErrorMessage(
      `kscript: could not start \`${options.command} lsp\` (${error && error.message ? error.message : error}). ` +
        "Install kscript (see the README) or set `kscript.path` to the kscript executable.",
      "Open Settings"
    );
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "kscript.path");
    }
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("kscript.restartServer", async () => {
      await stop();
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("kscript.path")) {
        await stop();
        await start(context);
      }
    }),
    { dispose: () => stop() }
  );
  await start(context);
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate, serverOptions, expandPath };
