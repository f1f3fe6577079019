// Types of nab-scoring.js, for the tests that check the scoring against hand-computed values.
export interface NabProfile {
  tp: number;
  fp: number;
  fn: number;
}
export interface PreparedFile {
  rows: Array<{ score: number; window: number; value: number }>;
  windows: number;
}
export interface SweepResult {
  raw: number;
  threshold: number;
  tp: number;
  fp: number;
  fn: number;
  windows: number;
}
export const NAB_PROFILES: Record<
  'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate',
  NabProfile
>;
export function scaledSigmoid(y: number): number;
export function probationaryRows(length: number): number;
export function prepareFile(
  timesMillis: number[],
  scores: number[],
  windowsMillis: Array<[number, number]>,
): PreparedFile;
export function sweepCorpus(files: PreparedFile[], profile: NabProfile): SweepResult;
export function nabScore(
  files: PreparedFile[],
  profile: NabProfile,
): SweepResult & { score: number };
export function scoreAtThreshold(
  files: PreparedFile[],
  profile: NabProfile,
  threshold: number,
): SweepResult & { score: number };
