/** A ward's routed tasks with their owners: what an officer watches and agency staff act on (the web app's tests and bench). */
export const ROUTED_TASKS_OF_WARD = `query($ward: [String!], $first: Int) { tasks(first: $first, filter: { wardCodes: $ward, statuses: [ROUTED] }) { edges { node { id version ownerAgency { code } household { id code } } } } }`;

export interface RoutedTasksOfWard {
  tasks: {
    edges: {
      node: {
        id: string;
        version: number;
        ownerAgency: { code: string };
        household: { id: string; code: string };
      };
    }[];
  };
}
