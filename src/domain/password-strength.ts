// New passwords must not be guessable: a length rule alone accepts "aaaaaaaaaa" and "password12". The
// estimator (zxcvbn-ts, with the common-password list) costs ~40 MB and ~1 s to load, so it is loaded
// on the first new password, not at start: most processes never see one.
import { DomainError } from "../lib/errors.js";

type Estimator = { check: (password: string, userInputs?: string[]) => { score: number; feedback: { warning: string | null; suggestions: string[] } } };

let estimator: Promise<Estimator> | null = null;

function loadEstimator(): Promise<Estimator> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common"), import("@zxcvbn-ts/language-en"),
    ]);
    return new ZxcvbnFactory({ translations: en.translations, graphs: common.adjacencyGraphs, dictionary: { ...common.dictionary } });
  })();
  return estimator;
}

/** Score 3 of 4 means about 10^8 guesses or more: out of reach of an online guesser and of a casual offline one. */
export const MIN_PASSWORD_SCORE = 3;

/** Refuses a guessable password with words that help; names and emails of the account count as guessable. */
export async function refuseGuessablePassword(password: string, about: string[] = []) {
  const words = about.flatMap((a) => a.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length >= 3);
  const result = (await loadEstimator()).check(password, words);
  if (result.score >= MIN_PASSWORD_SCORE) return;
  const why = result.feedback.warning ? `${result.feedback.warning} ` : "";
  const message = `This password is too easy to guess. ${why}Try three or four unrelated words, like "lantern orbit cedar walk".`;
  throw new DomainError("validation_failed", message, { password: message });
}
