/**
 * One output stream of the CLI: colours only when it is a terminal and NO_COLOR is unset or empty
 * (https://no-color.org), and transient progress lines only on a terminal, so pipes and logs stay plain.
 */
export interface Terminal {
  readonly isTTY: boolean;
  readonly colour: boolean;
  write(text: string): void;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  /** Shows (or replaces) a one-line progress message; nothing when not a terminal. */
  progress(text: string): void;
  /** Clears the progress message, if one is shown. */
  progressDone(): void;
}

export function terminal(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): Terminal {
  const isTTY = Boolean(stream.isTTY);
  const colour = isTTY && !env.NO_COLOR;
  const paint = (open: number, close: number) => (text: string) => (colour ? `\x1b[${open}m${text}\x1b[${close}m` : text);
  let showing = false;
  return {
    isTTY,
    colour,
    write: (text) => {
      stream.write(text);
    },
    bold: paint(1, 22),
    dim: paint(2, 22),
    red: paint(31, 39),
    green: paint(32, 39),
    yellow: paint(33, 39),
    progress(text) {
      if (!isTTY) return;
      stream.write(`\r\x1b[2K${text}`);
      showing = true;
    },
    progressDone() {
      if (!showing) return;
      stream.write('\r\x1b[2K');
      showing = false;
    },
  };
}
