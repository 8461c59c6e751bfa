/**
 * For a describe block: the logger at DEBUG, modules loaded afresh (the logger reads its level when
 * its module loads), and everything written to stdout and stderr kept for the tests to read.
 * Returns a function giving what was written so far.
 */
export const captureLogsAtDebug = (): (() => string) => {
  let written = '';
  const capture = (stream: NodeJS.WriteStream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written += String(chunk);
      return true;
    });
  beforeAll(() => {
    process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
    jest.resetModules();
    capture(process.stdout);
    capture(process.stderr);
  });
  afterAll(() => jest.restoreAllMocks());
  return () => written;
};
