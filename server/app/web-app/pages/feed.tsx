import { useFormats } from "../i18n";
import { useApp } from "../platform";
import { useTaskFeed } from "../task-feed";
import { ErrorBox } from "../ui";

/** The ward's task updates, live, newest first; it says when it is offline and resumes where it stopped. */
export function FeedPage() {
  const f = useFormats();
  const { session } = useApp();
  const { events, online, listening, error } = useTaskFeed(
    session.ward ? { wardCode: session.ward } : null,
  );
  return (
    <section aria-labelledby="feed-title">
      <h1 id="feed-title">{f.t("feed.title")}</h1>
      <p role="status" className={online ? "ok" : "warn"} data-testid="feed-status">
        {!online ? f.t("feed.offline") : listening ? f.t("feed.online") : f.t("common.loading")}
      </p>
      <ErrorBox error={error} />
      {events.length === 0 && <p>{f.t("feed.empty")}</p>}
      <ol className="cards" data-testid="feed" aria-live="polite">
        {[...events]
          .reverse()
          .filter((n) => n.task)
          .map((n) => (
            <li key={n.event.id} data-event-id={n.event.id}>
              {f.t("feed.item", {
                event: f.t(`event.${n.event.kind}`),
                measure: n.task!.measure.nameVi,
                household: n.task!.household.code,
              })}
              <span className="muted">
                {" "}
                · {f.dateTime(String(n.event.at))} · {n.event.actor}
                {n.event.comment && ` · ${n.event.comment}`}
              </span>
            </li>
          ))}
      </ol>
    </section>
  );
}
