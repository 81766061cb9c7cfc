// Validates SARIF logs against the SARIF 2.1.0 JSON schema (from @microsoft/jest-sarif; draft-04) with ajv.
// Usage: node validate.js FILE...   Prints the schema errors and exits 1 when a file does not conform.
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv = require("ajv-draft-04");
const addFormats = require("ajv-formats");

const schemaFile = path.join(__dirname, "node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8"));
// The schema's patterns are not all valid with the "u" flag (a stray "]" in the language tag).
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let failed = false;
for (const file of process.argv.slice(2)) {
  const log = JSON.parse(fs.readFileSync(file, "utf8"));
  if (validate(log)) {
    console.log(`${file}: valid SARIF ${log.version}`);
  } else {
    failed = true;
    for (const error of validate.errors) console.log(`${file}: ${error.instancePath || "/"} ${error.message}`);
  }
}
process.exit(failed ? 1 : 0);
