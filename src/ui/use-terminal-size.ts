import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

/** Used when the output is not a terminal and reports no size. */
export const fallbackColumns = 80;
export const fallbackRows = 40;

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

function sizeOf(stdout: NodeJS.WriteStream): TerminalSize {
  return { columns: stdout.columns || fallbackColumns, rows: stdout.rows || fallbackRows };
}

/** The terminal's size, updated when it is resized. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    const stdoutOnResize = (): void =>
      setSize((prev) => {
        const next = sizeOf(stdout);
        return prev.columns === next.columns && prev.rows === next.rows ? prev : next;
      });
    // Ink redraws on 'resize' before this re-render lands, with the old tree at the new width;
    // layouts must therefore flex (no widths taken from this value) so that frame cannot wrap.
    stdout.on('resize', stdoutOnResize);
    // The size may have changed between the first render and subscribing.
    stdoutOnResize();
    return () => {
      stdout.off('resize', stdoutOnResize);
    };
  }, [stdout]);
  return size;
}
