import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

/** zxcvbn's 0–4 scale: 3 is "safely unguessable" against an online attack that is throttled, as sign-in is. */
export const minimumPasswordScore = 3;

/** Why zxcvbn found the password guessable, by its warning key, in the words the field shows. */
const reasons: Record<string, string> = {
  topTen: 'it is one of the most used passwords',
  topHundred: 'it is one of the most used passwords',
  common: 'it is a commonly used password',
  similarToCommon: 'it is too close to a commonly used password',
  pwned: 'it has appeared in data breaches',
  straightRow: 'it is a row of keys',
  keyPattern: 'it is a pattern of keys next to each other',
  simpleRepeat: 'it repeats the same character',
  extendedRepeat: 'it repeats the same group of characters',
  sequences: 'it is a sequence like abc or 123',
  recentYears: 'recent years are easy to guess',
  dates: 'dates are easy to guess',
  wordByItself: 'a single word is easy to guess',
  namesByThemselves: 'names on their own are easy to guess',
  commonNames: 'common names are easy to guess',
};

let checker: ZxcvbnFactory | undefined;

/**
 * Null for a password that is hard enough to guess, else what the field should
 * say. Built on first use: unpacking the dictionaries takes a moment.
 */
export function passwordWeakness(password: string): string | null {
  checker ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  const result = checker.check(password);
  if (result.score >= minimumPasswordScore) return null;
  const reason = (result.feedback.warning && reasons[result.feedback.warning]) || 'it follows a pattern that is quick to guess';
  return `This password is too easy to guess: ${reason}. Use a few unrelated words, or a longer mix.`;
}
