const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

// What each unit word stands for, in English, Korean, Japanese and Chinese (simplified and traditional).
const UNITS: Record<string, number> = {
  second: SECOND,
  sec: SECOND,
  minute: MINUTE,
  min: MINUTE,
  hour: HOUR,
  hr: HOUR,
  day: DAY,
  week: WEEK,
  초: SECOND,
  분: MINUTE,
  시간: HOUR,
  일: DAY,
  주: WEEK,
  秒: SECOND,
  分: MINUTE,
  分钟: MINUTE,
  分鐘: MINUTE,
  時間: HOUR,
  小时: HOUR,
  小時: HOUR,
  日: DAY,
  天: DAY,
  週間: WEEK,
  周: WEEK,
  週: WEEK,
};

const JUST_NOW = new Set([
  'just now',
  'a moment ago',
  'moments ago',
  '방금',
  '방금 전',
  'たった今',
  '刚刚',
  '剛剛',
  '刚才',
]);
const YESTERDAY = new Set(['yesterday', '어제', '昨日', '昨天']);

const ENGLISH_AGO = /^(\d{1,4}|an?|one) (second|sec|minute|min|hour|hr|day|week)s? ago$/;
const CJK_AGO = /^(\d{1,4}) ?(초|분|시간|일|주|秒|分钟|分鐘|分|時間|小时|小時|日|天|週間|周|週) ?(?:전|前)$/;

/**
 * Reads what a page says instead of a date, counted back from `now` (ms since the epoch, the
 * fetch time): "just now", "5 minutes ago", "3 hours ago", "2 days ago", "yesterday", and the
 * same in Korean (`방금`, `5분 전`, `어제`), Japanese (`5分前`, `昨日`) and Chinese (`刚刚`,
 * `5分钟前`, `昨天`). "Yesterday" is a day before `now`. Only the past: "in 5 minutes" is no
 * date. Months and years ago are too coarse to be a publication time and give undefined.
 */
export function readRelative(text: string, now: number): number | undefined {
  const lower = text.toLowerCase();
  if (JUST_NOW.has(lower)) return now;
  if (YESTERDAY.has(lower)) return now - DAY;
  const match = ENGLISH_AGO.exec(lower) ?? CJK_AGO.exec(lower);
  if (!match) return undefined;
  const count = /^\d/.test(match[1] ?? '') ? Number(match[1]) : 1;
  const unit = UNITS[match[2] ?? ''];
  return unit === undefined ? undefined : now - count * unit;
}
