import type { GraphQLField } from "graphql";
import { Extensions } from "type-graphql";

/**
 * What a field costs the server, in the spirit of the `@cost` / `@listSize` directives of IBM's
 * GraphQL cost specification: `value` is the field's own work (roughly 10 per SQL statement it
 * sends that a DataLoader cannot batch), `assumedSize` the items a list without a page argument
 * holds. A page's `first` argument multiplies what is selected inside it (app/query-safety.ts).
 */
export interface DeclaredCost {
  value: number;
  assumedSize?: number;
}

/** Declares a field's cost next to it: `@Cost(10)`, or `@Cost(1, { assumedSize: 21 })` for a list of known size. */
export const Cost = (
  value: number,
  options: { assumedSize?: number } = {},
): MethodDecorator & PropertyDecorator =>
  Extensions({ cost: { value, ...options } satisfies DeclaredCost });

/** The cost a field declares, if any. */
export const declaredCost = (field: GraphQLField<unknown, unknown>): DeclaredCost | undefined =>
  field.extensions?.cost as DeclaredCost | undefined;
