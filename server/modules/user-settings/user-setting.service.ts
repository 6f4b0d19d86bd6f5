import type { DataSource } from "typeorm";
import type { Actor } from "../../shared/actor";
import { isLanguage, resolveLanguage, type Language } from "../../shared/i18n";

/** How long a user's language is trusted without reading it again: another instance sees a change within this. */
const CACHE_MS = 60_000;
const CACHE_SIZE = 10_000;

/** Settings a person keeps for themselves, whatever client they use: for now, the language they read. */
export class UserSettingService {
  private readonly languages = new Map<string, { language: Language | null; until: number }>();

  constructor(private readonly db: DataSource) {}

  /** The language the actor chose (`setMyLanguage`), or null when they chose none. Read at most once a minute per user. */
  languageOf(actor: Actor): Promise<Language | null> {
    return this.storedLanguage(actor.viewer.userId);
  }

  /** Records the actor's language; returns it. */
  async setLanguage({ viewer }: Actor, language: Language): Promise<Language> {
    await this.db.query(
      `INSERT INTO user_setting (user_id, language) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET language = EXCLUDED.language, updated_at = now()`,
      [viewer.userId, language],
    );
    this.remember(viewer.userId, language);
    return language;
  }

  /**
   * The request's language, found once and only when asked for (an error to word, an import report):
   * answers that need no words cost no lookup. `requested` is `Accept-Language` or a WebSocket's `language`.
   */
  languageFor(actor: Actor, requested: string | undefined): () => Promise<Language> {
    let found: Promise<Language> | undefined;
    return () =>
      (found ??= this.storedLanguage(actor.viewer.userId).then((setting) =>
        resolveLanguage(requested, setting),
      ));
  }

  private async storedLanguage(userId: string): Promise<Language | null> {
    const cached = this.languages.get(userId);
    if (cached && cached.until > Date.now()) return cached.language;
    const [row]: { language: string }[] = await this.db.query(
      `SELECT language FROM user_setting WHERE user_id = $1`,
      [userId],
    );
    const language = isLanguage(row?.language) ? row.language : null;
    this.remember(userId, language);
    return language;
  }

  private remember(userId: string, language: Language | null): void {
    this.languages.delete(userId);
    // Oldest first: a full cache forgets the user read longest ago.
    if (this.languages.size >= CACHE_SIZE)
      this.languages.delete(this.languages.keys().next().value!);
    this.languages.set(userId, { language, until: Date.now() + CACHE_MS });
  }
}
