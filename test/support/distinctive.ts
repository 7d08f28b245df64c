/** Cell values no message, log line, table or temp file may ever show (as a donor's identifiers would be). */
export const DISTINCTIVE_CELL_VALUES = ['DONOR-PHI-7f3a9c', 'Ms Zebedee Quillfeather', '1961-02-29 birth'];
