// Tokenize files with the kscript grammar, the way VS Code does (vscode-textmate
// on the Oniguruma engine), and print each line's tokens as JSON:
//   node tests/tokenize.js FILE...  ->  {"FILE": [[[start, end, [scope, ...]], ...], ...]}
// tests/test_editors.py compares these scopes with what kscript's own parser reads.
"use strict";

const fs = require("fs");
const path = require("path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const grammarPath = path.join(__dirname, "..", "syntaxes", "kscript.tmLanguage.json");
const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;
const onigLib = oniguruma.loadWASM(wasm).then(() => ({
  createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
  createOnigString: (text) => new oniguruma.OnigString(text),
}));
const registry = new vsctm.Registry({
  onigLib,
  loadGrammar: async () => vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), grammarPath),
});

registry.loadGrammar("source.kscript").then((grammar) => {
  const out = {};
  for (const file of process.argv.slice(2)) {
    let text = fs.readFileSync(file, "utf8");
    if (text.startsWith("\ufeff")) text = text.slice(1);
    let stack = vsctm.INITIAL;
    out[file] = text.split(/\r\n|\r|\n/).map((line) => {
      const result = grammar.tokenizeLine(line, stack);
      stack = result.ruleStack;
      return result.tokens.map((t) => [t.startIndex, Math.min(t.endIndex, line.length), t.scopes]);
    });
  }
  process.stdout.write(JSON.stringify(out));
});
