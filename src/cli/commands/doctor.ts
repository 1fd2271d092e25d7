import type { Command } from 'commander';
import { diagnose } from '../doctor.js';
import { gatherFacts, type DoctorDeps } from '../doctor-facts.js';
import { doctorJson, formatDoctor } from '../doctor-format.js';
import { EXIT_OK, EXIT_RUNTIME } from '../exit.js';
import { packageVersion } from '../version.js';

export interface DoctorCliOptions {
  readonly json?: boolean;
  readonly demo?: boolean;
}

export interface DoctorRunDeps extends DoctorDeps {
  /** Where the report goes. @default process.stdout */
  readonly write?: (text: string) => void;
}

/** `massive doctor`: 0 when nothing is wrong, 1 when a check found a problem. */
export async function runDoctor(
  options: DoctorCliOptions,
  deps: DoctorRunDeps = { env: process.env },
): Promise<number> {
  const facts = await gatherFacts(deps, options.demo === true);
  const checks = diagnose(facts);
  const header = { version: packageVersion(), platform: `${process.platform}-${process.arch}`, node: facts.node };
  const write = deps.write ?? ((s: string) => void process.stdout.write(s));
  write(options.json ? doctorJson(header, facts, checks) : formatDoctor(header, checks));
  return checks.some((c) => c.status === 'problem') ? EXIT_RUNTIME : EXIT_OK;
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description(
      'check the setup (Node, config, key, proxy, feeds, quota, terminal) and say what to fix; exit 1 on a problem',
    )
    .option('--json', 'print the checks and what they found as one JSON object')
    .option('--demo', 'judge the setup for `watch --demo` (no key needed)')
    .addHelpText(
      'after',
      `
Never prints the API key, only whether one is set. Paste the output into a bug report.
Exit status: 0 when no check found a problem, 1 when one did.`,
    )
    .action(async (opts: DoctorCliOptions) => {
      program.setOptionValue('exitCode', await runDoctor(opts));
    });
}
