import { Role, type Viewer } from "./auth";

/**
 * Who makes a call: a signed-in person, whose rights are their viewer's and whose user id history
 * records, or the platform itself (a scheduled job, the seeder), recorded by the job's name and
 * acting with the secretariat's full rights. Every public service method takes it first.
 */
export interface Actor {
  /** The name history records: the user's id, or the job's name. */
  readonly name: string;
  /** Whose rights apply. */
  readonly viewer: Viewer;
}

/** The actor for a request: the person its token names. */
export const userActor = (viewer: Viewer): Actor => ({ name: viewer.userId, viewer });

/** The platform acting on its own, e.g. `systemActor("deadline-escalation")`. */
export const systemActor = (name: string): Actor => ({
  name,
  viewer: {
    userId: name,
    role: Role.ADMIN,
    agencyId: null,
    agencyCode: null,
    secretariat: true,
    wardId: null,
    wardCode: null,
    expiresAt: null,
  },
});
