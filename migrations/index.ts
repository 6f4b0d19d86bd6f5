import { Foundation1764270000000 } from "./1764270000000-foundation";

/** Every migration, oldest first; listed explicitly so compiled and ts-jest runs load the same set. */
export const migrations = [Foundation1764270000000];
