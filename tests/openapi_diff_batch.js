// Runs Atlassian's openapi-diff (npm) on many spec pairs in one process.
// stdin: [{"name": ..., "old": <OpenAPI 3.0 doc>, "new": <OpenAPI 3.0 doc>}, ...]
// stdout: {"<name>": <openapi-diff outcome> | {"error": "<message>"}, ...}
"use strict";
const path = require("path");
const openApiDiff = require(path.join(process.env.OPENAPI_DIFF_HOME, "node_modules", "openapi-diff"));

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const pairs = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const results = {};
  for (const pair of pairs) {
    try {
      results[pair.name] = await openApiDiff.diffSpecs({
        sourceSpec: { content: JSON.stringify(pair.old), location: `${pair.name}-old.json`, format: "openapi3" },
        destinationSpec: { content: JSON.stringify(pair.new), location: `${pair.name}-new.json`, format: "openapi3" },
      });
    } catch (err) {
      results[pair.name] = { error: String(err && err.message ? err.message : err) };
    }
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((err) => { process.stderr.write(String(err) + "\n"); process.exit(2); });
