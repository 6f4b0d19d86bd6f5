import { useRef, useState } from "react";
import {
  GraphQLRequestError,
  type GetTaskQuery,
  type ListTasksQuery,
  type TaskStatus,
} from "../../../../client-sdk/src/browser";
import { useFormats } from "../i18n";
import { useApp, usePages } from "../platform";
import { useTaskFeed } from "../task-feed";
import { daysUntil, ErrorBox, Field, Loading } from "../ui";

const OPEN: TaskStatus[] = ["ROUTED", "ACCEPTED", "IN_PROGRESS"];
/** Due within this many days: highlighted as due soon. */
const DUE_SOON_DAYS = 7;

/** How many more open tasks each "show more" lists (oldest first); tasks routed while it is open come on top. */
const PAGE = 100;

/** The agency's open tasks: grows live as households are routed; each task's actions follow its status. */
export function InboxPage() {
  const f = useFormats();
  const { client, session } = useApp();
  const agency = session.agency ?? "";
  const list = usePages(
    async (after) =>
      (
        await client.listTasks({
          filter: { ownerAgencyCodes: [agency], statuses: OPEN },
          first: PAGE,
          after,
        })
      ).tasks,
    [agency],
  );
  // Tasks that arrived while the inbox was open, newest first, read afresh at each of their events.
  const [arrived, setArrived] = useState<Fresh[]>([]);
  const arrivedIds = useRef(new Set<string>());
  const { listening } = useTaskFeed(agency ? { agencyCode: agency } : null, (notice) => {
    if (!notice.task) return;
    const id = notice.task.id;
    if (list.data?.nodes.some((t) => t.id === id)) return list.reload();
    if (notice.event.kind !== "ROUTED" && !arrivedIds.current.has(id)) return;
    arrivedIds.current.add(id);
    void client
      .getTask({ id })
      .then(({ task }) =>
        setArrived((now) => [
          ...(task && OPEN.includes(task.status) ? [task] : []),
          ...now.filter((t) => t.id !== id),
        ]),
      );
  });
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading />;
  const listed = list.data.nodes;
  const tasks = [...arrived.filter((t) => !listed.some((l) => l.id === t.id)), ...listed];
  return (
    <section aria-labelledby="inbox-title" data-live={listening}>
      <h1 id="inbox-title">{f.t("inbox.title", { agency })}</h1>
      <p>
        {f.t("inbox.count", { count: list.data.totalCount + arrived.length, shown: tasks.length })}
      </p>
      {tasks.length === 0 && <p>{f.t("inbox.empty")}</p>}
      <ul className="cards" data-testid="inbox">
        {tasks.map((task) => (
          <TaskCard key={task.id} task={task} onChanged={list.reload} />
        ))}
      </ul>
      {list.data.hasNextPage && (
        <button type="button" onClick={list.more}>
          {f.t("households.more")}
        </button>
      )}
    </section>
  );
}

type Fresh = NonNullable<GetTaskQuery["task"]>;
type Listed = ListTasksQuery["tasks"]["edges"][number]["node"];

/** One task: its actions send the version shown; a CONFLICT brings the fresh state in, never overwriting someone else's change. */
function TaskCard({ task, onChanged }: { task: Listed; onChanged: () => void }) {
  const f = useFormats();
  const { client } = useApp();
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<Fresh | null>(null);
  const { id, version } = task;
  const days = task.dueOn ? daysUntil(task.dueOn) : null;
  const urgency =
    days === null ? "" : days < 0 ? "overdue" : days <= DUE_SOON_DAYS ? "due-soon" : "";
  const act = async (run: () => Promise<unknown>) => {
    setError(null);
    try {
      await run();
      setConflict(null);
      setText("");
      // The feed would bring the change too; reading at once spares the user its delay.
      onChanged();
    } catch (caught) {
      if (caught instanceof GraphQLRequestError && caught.code === "CONFLICT")
        setConflict((await client.getTask({ id })).task);
      else setError(caught);
    }
  };
  return (
    <li className={urgency} data-task-id={id}>
      <strong>{f.language === "vi" ? task.measure.nameVi : task.measure.nameEn}</strong> ·{" "}
      {f.t("task.household", { code: task.household.code, ward: task.household.ward.name })}
      <br />
      <span className={`status status-${task.status}`} data-testid="task-status">
        {f.t(`status.${task.status}`)}
      </span>{" "}
      · {f.t("task.due", { date: f.date(task.dueOn) })}
      {urgency && (
        <strong className="badge">
          {" "}
          {f.t(urgency === "overdue" ? "task.overdue" : "task.dueSoon")}
        </strong>
      )}
      {conflict && (
        <div className="error" role="alert" data-testid="conflict">
          <strong>{f.t("task.conflict")}</strong>
          <p>
            {f.t(`status.${conflict.status}`)} · v{conflict.version}{" "}
            {conflict.assignee && `· ${conflict.assignee}`}{" "}
            {conflict.notes && `· ${conflict.notes}`}
          </p>
        </div>
      )}
      <ErrorBox error={error} />
      <div className="actions">
        {task.status === "ROUTED" && (
          <button onClick={() => act(() => client.acceptTask({ id, version }))}>
            {f.t("task.accept")}
          </button>
        )}
        {task.status === "ACCEPTED" && (
          <button onClick={() => act(() => client.startTask({ id, version }))}>
            {f.t("task.start")}
          </button>
        )}
        {/* Completing, declining and commenting each need the text: the outcome, the reason, the comment. */}
        <Field label={f.t("task.commentText")}>
          <input value={text} onChange={(e) => setText(e.target.value)} />
        </Field>
        {task.status === "IN_PROGRESS" && (
          <button
            disabled={!text.trim()}
            onClick={() => act(() => client.completeTask({ id, version, outcome: text }))}
          >
            {f.t("task.complete")}
          </button>
        )}
        {task.status !== "IN_PROGRESS" && (
          <button
            disabled={!text.trim()}
            onClick={() => act(() => client.declineTask({ id, version, reason: text }))}
          >
            {f.t("task.decline")}
          </button>
        )}
        <button
          disabled={!text.trim()}
          onClick={() => act(() => client.commentOnTask({ id, version, text }))}
        >
          {f.t("task.comment")}
        </button>
      </div>
    </li>
  );
}
