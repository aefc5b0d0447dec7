/**
 * Splits the arguments part of a Windows command line the way the C runtime builds argv (the rules
 * CommandLineToArgvW shares): space and tab separate; quotes group and are removed; 2n backslashes + quote
 * give n backslashes and toggle quoting; 2n+1 give n backslashes and a literal quote; other backslashes are
 * literal. Inside quotes `""` is a literal quote and quoting continues (UCRT since VS2008; older parsers and
 * CommandLineToArgvW end the quoted run there, the only difference). An unclosed quote runs to the end, as on Windows.
 */
export function splitWindowsCommandLine(text: string): string[] {
  const args: string[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (i >= text.length) return args;
    let arg = '';
    let quoted = false;
    while (i < text.length) {
      const char = text[i];
      if (!quoted && (char === ' ' || char === '\t')) break;
      if (char === '\\') {
        let backslashes = 0;
        while (text[i] === '\\') {
          backslashes++;
          i++;
        }
        if (text[i] !== '"') {
          arg += '\\'.repeat(backslashes);
        } else {
          arg += '\\'.repeat(Math.floor(backslashes / 2));
          // An odd count escapes the quote; an even count leaves it to open or close quoting below.
          if (backslashes % 2 === 1) {
            arg += '"';
            i++;
          }
        }
      } else if (char === '"') {
        if (quoted && text[i + 1] === '"') {
          arg += '"';
          i += 2;
        } else {
          quoted = !quoted;
          i++;
        }
      } else {
        arg += char;
        i++;
      }
    }
    args.push(arg);
  }
}
