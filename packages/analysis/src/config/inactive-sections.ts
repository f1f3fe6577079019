/**
 * Sections of the configuration that this version reads and checks but does not act on:
 * no engine runs for them yet. Written in a file, each one produces a warning at start-up
 * and in `config check`, so no setting silently does nothing. An engine that starts acting
 * on a section removes it from {@link INACTIVE_SECTIONS}.
 */
import type { AnalysisConfig } from './types.js';

/** Top-level sections nothing acts on yet, with what would act on them. */
export const INACTIVE_SECTIONS: Readonly<Record<string, string>> = {};

/** An inactive section written in the configuration file. */
export interface InactiveSection {
  /** Top-level key (`baselines`, ...). */
  name: string;
  /** Line of the key in the file (1-based), when known. */
  line?: number;
}

/** One warning per inactive section written in the file, naming it and where it is. */
export function inactiveSectionWarnings(config: AnalysisConfig): string[] {
  return (config.inactiveSections ?? []).map((section) => {
    const where =
      config.source === undefined
        ? ''
        : ` (${config.source}${section.line === undefined ? '' : `:${section.line}`})`;
    const effect = INACTIVE_SECTIONS[section.name] ?? 'nothing acts on it';
    return `${section.name}${where}: this version does not act on this section yet (${effect}); its settings are checked but have no effect`;
  });
}
