/** What every `bbb-spaces` command gets and returns: arguments, environment, an output sink; the exit status. */
export interface CliIo {
  stdout(line: string): void
  stderr(line: string): void
}

export type CliCommand = (
  args: string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
) => Promise<number>
