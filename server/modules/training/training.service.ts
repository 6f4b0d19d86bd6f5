import type { DataSource } from "typeorm";
import { Role, requireScope } from "../../shared/auth";
import { calendarDate, todayIso } from "../../shared/dates";
import { badInput, notFound } from "../../shared/errors";
import type {
  CapacityBuildingProgress,
  TrainingSession,
  TrainingSessionInput,
} from "./training.types";
import type { Actor } from "../../shared/actor";

/** The plan's capacity-building targets (section III.6). */
export const TRAINED_TARGET = 250;
export const VILLAGE_OFFICERS_TARGET = 145;

const SESSION = `SELECT s.id, to_char(s.held_on, 'YYYY-MM-DD') AS "heldOn", s.topic, a.code AS "organiserAgencyCode",
  s.officials_attending AS "officialsAttending", s.village_officers_attending AS "villageOfficersAttending"
  FROM training_session s JOIN agency a ON a.id = s.organiser_agency_id`;

/**
 * Training sessions and progress. Attendance is counted per session: someone trained twice counts
 * twice, as the plan's figures (people trained by the programme's sessions) are kept.
 */
export class TrainingService {
  constructor(private readonly db: DataSource) {}

  /** Records a session (ADMIN, or staff of the organising agency). Throws BAD_USER_INPUT, NOT_FOUND for the agency, FORBIDDEN for another agency's staff. */
  async record(
    { viewer, name: actor }: Actor,
    input: TrainingSessionInput,
  ): Promise<TrainingSession> {
    const heldOn = calendarDate(input.heldOn, "heldOn");
    if (heldOn > todayIso()) throw badInput("error.training.future", {}, { argument: "heldOn" });
    const topic = input.topic.trim();
    if (!topic || topic.length > 500)
      throw badInput("error.training.topic", {}, { argument: "topic" });
    for (const key of ["officialsAttending", "villageOfficersAttending"] as const) {
      if (!Number.isInteger(input[key]) || input[key] < 0 || input[key] > 10_000)
        throw badInput("error.training.count", { argument: key }, { argument: key });
    }
    if (input.officialsAttending + input.villageOfficersAttending === 0)
      throw badInput("error.training.noAttendees", {}, { argument: "officialsAttending" });
    requireScope(
      viewer.role === Role.ADMIN || viewer.agencyCode === input.organiserAgencyCode,
      "error.scope.trainingOwnAgency",
    );
    const [agency] = await this.db.query(`SELECT id FROM agency WHERE code = $1`, [
      input.organiserAgencyCode,
    ]);
    if (!agency) throw notFound("error.notFound.agency", { code: input.organiserAgencyCode });
    const [row] = await this.db.query(
      `INSERT INTO training_session (held_on, topic, organiser_agency_id, officials_attending, village_officers_attending, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [heldOn, topic, agency.id, input.officialsAttending, input.villageOfficersAttending, actor],
    );
    return {
      id: row.id,
      heldOn,
      topic,
      organiserAgencyCode: input.organiserAgencyCode,
      officialsAttending: input.officialsAttending,
      villageOfficersAttending: input.villageOfficersAttending,
    };
  }

  /** Sessions held from `from` to `to` (inclusive), by day: aggregates for reports, open to every role. */
  sessions(_actor: Actor, from: string, to: string): Promise<TrainingSession[]> {
    return this.db.query(`${SESSION} WHERE s.held_on BETWEEN $1 AND $2 ORDER BY s.held_on, s.id`, [
      from,
      to,
    ]);
  }

  /** Sessions held up to `asOf`, with the people trained against the targets. */
  async progress(_actor: Actor, asOf: string): Promise<CapacityBuildingProgress> {
    const [row] = await this.db.query(
      `SELECT CAST(count(*) AS int) AS sessions, CAST(coalesce(sum(officials_attending + village_officers_attending), 0) AS int) AS trained,
              CAST(coalesce(sum(village_officers_attending), 0) AS int) AS village FROM training_session WHERE held_on <= $1`,
      [asOf],
    );
    return {
      asOf,
      sessions: row.sessions,
      trained: row.trained,
      villageOfficersTrained: row.village,
      trainedTarget: TRAINED_TARGET,
      villageOfficersTarget: VILLAGE_OFFICERS_TARGET,
    };
  }
}
