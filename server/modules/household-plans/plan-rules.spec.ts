import { DomainError } from "../../shared/errors";
import { NotExpectedReason, PlanStatus } from "./household-plan.entity";
import { planFields, planMentors } from "./plan-rules";

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    return e instanceof DomainError ? [e.code, e.details.argument, e.message] : e;
  }
  throw new Error("not refused");
};

describe("plan fields", () => {
  it("take a plan to escape with its target year, and a protected household with its reason", () => {
    expect(
      planFields(
        {
          status: PlanStatus.REGISTERED,
          targetYear: 2025,
          mentors: [],
          commitmentSignedOn: "2024-07-15",
        },
        2024,
      ),
    ).toMatchObject({
      status: PlanStatus.REGISTERED,
      targetYear: 2025,
      notExpectedReason: null,
      commitmentSignedOn: "2024-07-15",
    });
    expect(
      planFields(
        {
          status: PlanStatus.NOT_EXPECTED,
          notExpectedReason: NotExpectedReason.LONG_ILLNESS,
          mentors: [],
        },
        2024,
      ),
    ).toMatchObject({ targetYear: null, notExpectedReason: "LONG_ILLNESS" });
  });

  it.each([
    [{ status: PlanStatus.EXPECTED, mentors: [] }, 2024, "targetYear"],
    [{ status: PlanStatus.EXPECTED, targetYear: 2026, mentors: [] }, 2024, "targetYear"],
    [{ status: PlanStatus.EXPECTED, targetYear: 2024, mentors: [] }, 2025, "targetYear"],
    [
      {
        status: PlanStatus.REGISTERED,
        targetYear: 2024,
        notExpectedReason: NotExpectedReason.DISABILITY,
        mentors: [],
      },
      2024,
      "notExpectedReason",
    ],
    [{ status: PlanStatus.NOT_EXPECTED, mentors: [] }, 2024, "notExpectedReason"],
    [
      {
        status: PlanStatus.NOT_EXPECTED,
        notExpectedReason: NotExpectedReason.DISABILITY,
        targetYear: 2025,
        mentors: [],
      },
      2024,
      "targetYear",
    ],
    [
      {
        status: PlanStatus.REGISTERED,
        targetYear: 2024,
        commitmentSignedOn: "2024-02-30",
        mentors: [],
      },
      2024,
      "commitmentSignedOn",
    ],
  ])("refuse %j for a %i plan, naming %s", (input, year, argument) => {
    expect(refusal(() => planFields(input, year))).toEqual([
      "BAD_USER_INPUT",
      argument,
      expect.any(String),
    ]);
  });
});

describe("plan mentors", () => {
  const agencies = new Set(["LABOUR"]);

  it("are officials of the household's ward or of an agency", () => {
    expect(
      planMentors(
        [
          { name: " Trần Thị Bình ", userId: "u1", wardCode: "21550" },
          { name: "Lê Văn Cường", userId: "u2", wardCode: "21589", agencyCode: "LABOUR" },
        ],
        "21550",
        agencies,
      ),
    ).toEqual([
      { name: "Trần Thị Bình", userId: "u1", wardCode: "21550", agencyCode: null },
      { name: "Lê Văn Cường", userId: "u2", wardCode: "21589", agencyCode: "LABOUR" },
    ]);
  });

  it.each([
    [[{ name: "A", userId: "u1", wardCode: "21589" }], "names no agency"],
    [[{ name: "A", userId: "u1" }], "names no agency"],
    [[{ name: "A", userId: "u1", agencyCode: "NOPE" }], "no agency has code NOPE"],
    [[{ name: "", userId: "u1", wardCode: "21550" }], "must not be empty"],
    [
      [
        { name: "A", userId: "u1", wardCode: "21550" },
        { name: "B", userId: "u1", wardCode: "21550" },
      ],
      "named twice",
    ],
  ])("refuse %j", (mentors, message) => {
    expect(refusal(() => planMentors(mentors, "21550", agencies))).toEqual([
      "BAD_USER_INPUT",
      expect.stringMatching(/^mentors\[\d\]/),
      expect.stringContaining(message),
    ]);
  });
});
