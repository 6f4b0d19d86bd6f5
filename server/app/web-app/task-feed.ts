import { useEffect, useRef, useState } from "react";
import type {
  ResumingSubscription,
  TaskRoutedSubscription,
  TaskUpdatedSubscription,
} from "../../../client-sdk/src/browser";
import { useApp } from "./platform";

export type TaskNotice =
  TaskUpdatedSubscription["taskUpdated"] | TaskRoutedSubscription["taskRouted"];
export type FeedScope = { wardCode: string } | { agencyCode: string; routedOnly?: boolean };

/**
 * Task events of a ward or an agency as they happen, in order, each once. The SDK's subscription
 * reconnects by itself; when the browser says it is offline the socket is dropped at once (a dead
 * connection can otherwise look alive for a long time) and, once online, subscribed again after
 * the last event shown, so nothing that happened in between is missed or shown twice. `onNotice`
 * hears each event once, as it arrives (events arriving together are not merged into the last).
 */
export function useTaskFeed(
  scope: FeedScope | null,
  onNotice?: (notice: TaskNotice) => void,
): { events: TaskNotice[]; online: boolean; listening: boolean; error: unknown } {
  const { client } = useApp();
  const [events, setEvents] = useState<TaskNotice[]>([]);
  const [online, setOnline] = useState(navigator.onLine);
  // From the moment the starting cursor is known, every later event reaches the page.
  const [listening, setListening] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const key = JSON.stringify(scope);
  // The latest render's handler: it sees that render's state.
  const handler = useRef(onNotice);
  handler.current = onNotice;
  useEffect(() => {
    if (!scope) return;
    let stopped = false;
    let cursor: string | null = null;
    let subscription: ResumingSubscription<Record<string, TaskNotice>> | null = null;
    const seen = new Set<string>();
    const listen = async () => {
      // Start from the present, explicitly: a later resume needs a cursor even if no event came yet.
      cursor ??= (await client.latestTaskEventCursor({})).latestTaskEventCursor;
      setListening(true);
      if (stopped || subscription || !navigator.onLine) return;
      const current = (subscription =
        "wardCode" in scope
          ? client.taskUpdated({ wardCode: scope.wardCode }, cursor)
          : scope.routedOnly
            ? client.taskRouted({ agencyCode: scope.agencyCode }, cursor)
            : client.taskUpdated({ agencyCode: scope.agencyCode }, cursor));
      for await (const payload of current) {
        const notice = Object.values(payload)[0];
        cursor = current.lastCursor;
        if (seen.has(notice.event.id)) continue;
        seen.add(notice.event.id);
        setEvents((list) => [...list, notice]);
        handler.current?.(notice);
      }
    };
    const start = () => void listen().catch((e) => !stopped && setError(e));
    const offline = () => {
      setOnline(false);
      void subscription?.close();
      subscription = null;
    };
    const back = () => {
      setOnline(true);
      start();
    };
    addEventListener("offline", offline);
    addEventListener("online", back);
    start();
    return () => {
      stopped = true;
      removeEventListener("offline", offline);
      removeEventListener("online", back);
      void subscription?.close();
    };
  }, [key, client]);
  return { events, online, listening, error };
}
