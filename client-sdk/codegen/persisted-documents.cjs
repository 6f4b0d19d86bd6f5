// GraphQL Code Generator plugin: the trusted-documents manifest, sha256 of each operation's
// printed text → that text. The SDK sends exactly these texts; the server can refuse any other
// from staff and ward roles.
const { createHash } = require("node:crypto");
const { print } = require("graphql");

module.exports = {
  plugin(_schema, documents) {
    const manifest = {};
    for (const { document } of documents) {
      for (const def of document.definitions) {
        if (def.kind !== "OperationDefinition") continue;
        const text = print({ kind: "Document", definitions: [def] });
        manifest[createHash("sha256").update(text).digest("hex")] = text;
      }
    }
    const sorted = Object.fromEntries(
      Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)),
    );
    return `${JSON.stringify(sorted, null, 2)}\n`;
  },
};
