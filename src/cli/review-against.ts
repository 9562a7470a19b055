/**
 * `review --against FILE`: the saved review read and checked (review-previous.ts), then compared with this
 * review's effective permissions (policy/access-changes.ts). A saved review of another tracker is refused in one
 * line: its levels mean other things.
 */
import { accessChanges } from "../policy/access-changes.ts";
import type { EffectivePermissions } from "../policy/effective-permissions.ts";
import { CommandFailure } from "./command-runner.ts";
import type { ReviewChanges } from "./render/review-changes.ts";
import { readPreviousReview } from "./review-previous.ts";

/** What changed between the review saved in `file` and `users` (this review, of `tracker`). */
export async function changesSince(file: string, tracker: string, users: EffectivePermissions): Promise<ReviewChanges> {
  const previous = await readPreviousReview(file);
  if (previous.tracker !== tracker) {
    throw new CommandFailure(
      `${file}: a review of a ${previous.tracker} account; this declaration is for ${tracker}, so the two cannot be compared`,
    );
  }
  return {
    against: file,
    previous: { tracker: previous.tracker, account: previous.account },
    users: accessChanges(previous.users, users),
  };
}
