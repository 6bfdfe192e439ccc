// VS Code's own settings parser (npm jsonc-parser) as the test oracle: for each file, the
// parsed value (as VS Code reads settings.json: comments and trailing commas allowed, a BOM
// stripped by its file service), the parse errors and every comment's text.
// Usage: node jsonc.js PATH/TO/node_modules/jsonc-parser FILE...
'use strict';
const jsonc = require(process.argv[2]);
const fs = require('fs');
const out = {};
for (const file of process.argv.slice(3)) {
  let text = fs.readFileSync(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const errors = [];
  const value = jsonc.parse(text, errors, { allowTrailingComma: true, allowEmptyContent: true });
  const comments = [];
  jsonc.visit(text, {
    onComment: (offset, length) => comments.push(text.substr(offset, length)),
  }, { allowTrailingComma: true });
  out[file] = {
    value,
    errors: errors.map((e) => jsonc.printParseErrorCode(e.error)),
    comments,
  };
}
process.stdout.write(JSON.stringify(out));
