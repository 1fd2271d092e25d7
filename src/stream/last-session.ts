/**
 * Windows that end before today, for keys that may not read today's data before the close
 * (Massive's Basic plans answer 403 "Attempted to request today's data before end of day"). Pure
 * calendar arithmetic in New York time.
 */
import { newYorkTime } from '../lib/new-york.js';
import { isEarlyClose } from '../market/session.js';

/** Midnight New York of the day containing `ms`. */
export function newYorkMidnight(ms: number): number {
  const ny = newYorkTime(ms);
  const guess = Date.parse(`${ny.date}T00:00:00Z`) - ny.offset * 60_000;
  // On a DST change day the offset at midnight differs from the offset now by an hour.
  const atGuess = newYorkTime(guess);
  return atGuess.date === ny.date ? guess - atGuess.minutes * 60_000 : guess + (24 * 60 - atGuess.minutes) * 60_000;
}

/**
 * The regular close (16:00, or 13:00 on an early close) of the New York date of `ms`. Daily bars
 * are stamped at the start of their day, `/prev` results at the close: both map to that close.
 */
export function sessionCloseOf(ms: number): number {
  const date = newYorkTime(ms).date;
  // The offset of the afternoon itself: on a DST change day it differs from midnight's.
  const offset = newYorkTime(Date.parse(`${date}T18:00:00Z`)).offset;
  return Date.parse(`${date}T00:00:00Z`) + ((isEarlyClose(date) ? 13 : 16) * 60 - offset) * 60_000;
}

/** The last millisecond before today (New York): the end of any window a Basic key may ask for. */
export function endOfYesterday(ms: number): number {
  return newYorkMidnight(ms) - 1;
}
