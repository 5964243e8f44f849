/** Exit statuses of every safetwin command (docs/study-cli.md: bad input is 2). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;
