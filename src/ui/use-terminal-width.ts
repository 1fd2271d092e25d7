import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

/** Used when the output is not a terminal and reports no width. */
const fallbackColumns = 80;

/** The terminal's width in columns, updated when the terminal is resized. */
export function useTerminalWidth(): number {
  const { stdout } = useStdout();
  const [columns, setColumns] = useState(() => stdout.columns || fallbackColumns);
  useEffect(() => {
    const stdoutOnResize = (): void => setColumns(stdout.columns || fallbackColumns);
    // Ink redraws on 'resize' before this re-render lands, with the old tree at the new width;
    // layouts must therefore flex (no widths taken from this value) so that frame cannot wrap.
    stdout.on('resize', stdoutOnResize);
    // The width may have changed between the first render and subscribing.
    stdoutOnResize();
    return () => {
      stdout.off('resize', stdoutOnResize);
    };
  }, [stdout]);
  return columns;
}
