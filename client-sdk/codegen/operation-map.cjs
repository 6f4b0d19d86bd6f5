// GraphQL Code Generator plugin: emits, per operation kind, a map from the operation's name (in
// camelCase) to its typed document, which createClient turns into one typed function each.
module.exports = {
  plugin(_schema, documents) {
    const kinds = { query: [], mutation: [], subscription: [] };
    for (const { document } of documents) {
      for (const def of document.definitions) {
        if (def.kind !== "OperationDefinition" || !def.name) continue;
        const name = def.name.value;
        kinds[def.operation].push(`  ${name[0].toLowerCase()}${name.slice(1)}: ${name}Document,`);
      }
    }
    const map = (title, rows) =>
      `export const ${title} = {\n${rows.sort().join("\n")}\n} as const;\n`;
    return [
      "",
      map("queries", kinds.query),
      map("mutations", kinds.mutation),
      map("subscriptions", kinds.subscription),
    ].join("\n");
  },
};
