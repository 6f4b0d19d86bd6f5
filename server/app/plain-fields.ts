import { isObjectType, type GraphQLSchema } from "graphql";
import { getMetadataStorage } from "type-graphql";

/**
 * Lets the executors read plain fields as properties. type-graphql gives every `@Field` of an
 * object type a resolver of its own (`root[name]`, through its middleware chain even when empty);
 * graphql-jit then cannot inline the read and builds a resolve info for every field of every row,
 * and graphql-js calls a closure where its default would do. A field with no field resolver, no
 * middleware (`@RestrictTo` is one) and no renaming loses that resolver here: the executor's
 * default reads the same property. Returns how many fields it changed. Run on the built schema.
 */
export function readPlainFieldsAsProperties(schema: GraphQLSchema): number {
  const storage = getMetadataStorage();
  let changed = 0;
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    for (const field of objectType.fields ?? []) {
      const built = fields[field.schemaName];
      const plain =
        built?.resolve &&
        field.name === field.schemaName &&
        !field.roles &&
        !field.middlewares?.length &&
        !storage.fieldResolvers.some(
          (r) =>
            r.methodName === field.name &&
            (r.target === objectType.target || r.getObjectType?.() === objectType.target),
        );
      if (plain) {
        built.resolve = undefined;
        changed++;
      }
    }
  }
  return changed;
}
