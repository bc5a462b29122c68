/**
 * The command line: commander wired to the core library. This is the only place that prints for people
 * and decides exit codes: 0 clean (or warnings only), 1 errors found in the edition, 2 could not run.
 * Commands are imported lazily so that `--help` and `lint` never load the browser stack.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { BulletinError, ValidationFailed } from '../diagnostics.js';
import { printable } from '../util/text.js';
import { VERSION } from '../version.js';
import { shippedLanguages } from '../edition/labels.js';
import { makeChalk } from './output.js';

export const EXIT = { ok: 0, errors: 1, cannotRun: 2 } as const;

export function createProgram(): Command {
  const program = new Command();
  program
    .name('bulletin')
    .description('Compile a periodic bulletin from per-country Markdown reports into a print-ready PDF and an HTML edition.')
    .version(VERSION, '-v, --version')
    .option('--no-color', 'plain output without colours (NO_COLOR is honoured too)')
    .option('--debug', 'show stack traces for unexpected failures')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) })
    .addHelpText(
      'after',
      `
Examples:
  $ bulletin init my-bulletin                        start a new edition (see bulletin init --help)
  $ bulletin new kazakhstan --title "Aktau seminar"  scaffold a report
  $ bulletin lint examples/central-asia-2014-q4      check every report: file:line:column for each problem
  $ bulletin build examples/central-asia-2014-q4     build the PDF and HTML edition into <edition>/dist
  $ bulletin build --format html --out public        only the HTML edition, into ./public
  $ bulletin doctor                                  show which browser and fonts bulletin will use

Exit codes: 0 success (warnings allowed), 1 the edition has errors, 2 bulletin could not run.`,
    );

  program
    .command('build')
    .description('build the edition: a print-ready PDF and a self-contained HTML page')
    .argument('[edition-dir]', 'the edition folder (holding bulletin.yaml)', '.')
    .option('-o, --out <dir>', 'output folder (default: <edition-dir>/dist)', nonEmpty('--out'))
    .addOption(
      new Option('-f, --format <formats>', 'comma-separated output formats: pdf, html')
        .default('pdf,html')
        .argParser(parseFormats),
    )
    .option('--chrome <path>', 'Chrome or Chromium executable (else BULLETIN_CHROME, PUPPETEER_EXECUTABLE_PATH, puppeteer’s browser, then system paths)', nonEmpty('--chrome'))
    .addOption(new Option('--timeout <seconds>', 'give up on a browser step after this many seconds').default(60).argParser(parsePositive))
    .option('-q, --quiet', 'print only errors')
    .addHelpText(
      'after',
      `
Examples:
  $ bulletin build                                   build the edition in the current folder
  $ bulletin build examples/central-asia-2014-q4     build another folder
  $ bulletin build --format pdf --out ~/print        only the PDF, into ~/print
  $ bulletin build --chrome /usr/bin/chromium        use this browser (or set BULLETIN_CHROME)

Build checks the edition first (the same checks as lint) and writes nothing while errors remain.
Outputs are replaced atomically: a failed build leaves earlier files as they were.`,
    )
    .action(async (dir: string, opts: BuildCommandOptions, cmd: Command) => {
      const { runBuild } = await import('./build-command.js');
      process.exitCode = await runBuild(dir, { ...opts, ...globals(cmd) });
    });

  program
    .command('lint')
    .description('check every report and bulletin.yaml, and point at each problem with file:line:column')
    .argument('[edition-dir]', 'the edition folder (holding bulletin.yaml)', '.')
    .addOption(
      new Option('-f, --format <format>', 'output format: stylish, json or github')
        .default('stylish')
        .argParser((value: string) => {
          const format = value.trim().toLowerCase();
          if (format !== 'stylish' && format !== 'json' && format !== 'github') throw new InvalidArgumentError(`“${value}” is not one of stylish, json, github`);
          return format;
        }),
    )
    .addOption(new Option('--max-warnings <n>', 'exit 1 when there are more warnings than this').argParser(parseCount))
    .option('-q, --quiet', 'report errors only (warnings still count for --max-warnings)')
    .option('--cache', 'keep results between runs and check again only the reports that changed')
    .addHelpText(
      'after',
      `
Examples:
  $ bulletin lint                                    check the edition in the current folder
  $ bulletin lint --cache                            again after an edit: only changed reports are parsed
  $ bulletin lint examples/central-asia-2014-q4 --max-warnings 0
  $ bulletin lint --format github                    annotations on a GitHub pull request
  $ bulletin lint --format json > problems.json      a stable machine-readable array

Exit codes: 0 no errors (warnings allowed unless --max-warnings is exceeded), 1 errors found,
2 lint could not run. Diagnostics go to stderr; json and github output go to stdout.
With --cache, results are kept in $BULLETIN_CACHE_DIR/lint (else $XDG_CACHE_HOME/bulletin/lint or
~/.cache/bulletin/lint), not in the edition; a report is checked again when its text, bulletin.yaml,
bulletin or a picture it shows changes.`,
    )
    .action(async (dir: string, opts: LintCommandOptions, cmd: Command) => {
      stoppedMessage = 'lint interrupted; nothing was changed.';
      const { runLint } = await import('./lint-command.js');
      process.exitCode = await runLint(dir, { ...opts, ...globals(cmd) });
    });

  program
    .command('new')
    .description('scaffold a new report for a country, with [[placeholders]] to replace')
    .argument('<country>', 'one of the edition’s countries (any case, with or without accents)')
    .option('-t, --title <text>', 'the article title (else a placeholder)')
    .option('-d, --date <YYYY-MM-DD>', 'the date of the event (default: today)')
    .option('-l, --location <place>', 'the town or city (else a placeholder)')
    .option('-e, --edition <dir>', 'the edition folder (default: this folder or the nearest parent with bulletin.yaml)')
    .addHelpText(
      'after',
      `
Examples:
  $ bulletin new kazakhstan
  $ bulletin new Kyrgyzstan --title "Dialogue on the TIP Law" --date 2014-11-03 --location Bishkek
  $ bulletin new tajikistan --edition ~/bulletins/2015-q1

Writes reports/<country>-<title>.md and never overwrites a file (a number is added instead).
Replace every [[placeholder]] in it; \`bulletin lint\` reports those that remain.`,
    )
    .action(async (country: string, opts: NewCommandOptions, cmd: Command) => {
      const { runNew } = await import('./scaffold-commands.js');
      process.exitCode = await runNew(country, { ...opts, ...globals(cmd) });
    });

  program
    .command('init')
    .description('create a new edition folder: bulletin.yaml, a sample report, assets/ and a CI workflow')
    .argument('[dir]', 'the folder to create', '.')
    .option('-t, --title <text>', 'the bulletin’s title (else a placeholder)')
    .option('-c, --countries <list>', 'comma-separated countries, in the order of the edition')
    .addOption(new Option('--language <code>', `language of labels, dates and hyphenation (labels shipped for ${shippedLanguages.join(', ')})`).default('en'))
    .option('--force', 'also write into a folder that is not empty (existing files are never overwritten)')
    .addHelpText(
      'after',
      `
Examples:
  $ bulletin init my-bulletin --title "Counter-Trafficking Programme in Central Asia" \\
      --countries "Kazakhstan,Kyrgyzstan,Tajikistan,Turkmenistan,Uzbekistan"
  $ bulletin init bulletin-ru --language ru --countries "Казахстан,Кыргызстан"

Then: edit bulletin.yaml, \`bulletin new <country>\` for each report, \`bulletin lint\`, \`bulletin build\`.`,
    )
    .action(async (dir: string, opts: InitCommandOptions, cmd: Command) => {
      const { runInit } = await import('./scaffold-commands.js');
      process.exitCode = await runInit(dir, { ...opts, ...globals(cmd) });
    });

  program
    .command('preview')
    .description('serve the HTML edition on 127.0.0.1, rebuilt and reloaded as you edit; a PDF proof at /edition.pdf')
    .argument('[edition-dir]', 'the edition folder (holding bulletin.yaml)', '.')
    .addOption(new Option('-p, --port <n>', 'port to listen on (0: any free port)').default(4400).argParser(parsePort))
    .option('--host <address>', 'interface to listen on (default 127.0.0.1: this computer only)')
    .option('--open', 'open the preview in the default browser')
    .option('--chrome <path>', 'Chrome or Chromium for /edition.pdf', nonEmpty('--chrome'))
    .addOption(new Option('--timeout <seconds>', 'give up on a browser step after this many seconds').default(60).argParser(parsePositive))
    .addHelpText(
      'after',
      `
Examples:
  $ bulletin preview                                 preview the edition in this folder at http://127.0.0.1:4400/
  $ bulletin preview examples/central-asia-2014-q4 --port 8080 --open
  $ bulletin preview --host 0.0.0.0                  let other computers on the network see it

Edit a report and the page reloads; problems are listed in the terminal and over the page.
Ctrl-C stops the server and the browser.`,
    )
    .action(async (dir: string, opts: PreviewCommandOptions, cmd: Command) => {
      // The preview runs until it is stopped: that is its normal end, not an interrupted build.
      stoppedMessage = 'preview stopped; the server and Chrome were closed.';
      const { runPreview } = await import('./preview-command.js');
      process.exitCode = await runPreview(dir, { ...opts, ...globals(cmd) });
    });

  program
    .command('doctor')
    .description('show the browser, fonts and versions bulletin will use, and whether Chrome starts')
    .option('--chrome <path>', 'check this Chrome or Chromium executable', nonEmpty('--chrome'))
    .action(async (opts: { chrome?: string }, cmd: Command) => {
      const { runDoctor } = await import('./doctor-command.js');
      process.exitCode = await runDoctor({ ...opts, ...globals(cmd) });
    });

  return program;
}

export interface GlobalOptions {
  color?: boolean;
  debug?: boolean;
}

export interface BuildCommandOptions extends GlobalOptions {
  out?: string;
  format: ('pdf' | 'html')[];
  chrome?: string;
  timeout: number;
  quiet?: boolean;
}

export interface NewCommandOptions extends GlobalOptions {
  title?: string;
  date?: string;
  location?: string;
  edition?: string;
}

export interface InitCommandOptions extends GlobalOptions {
  title?: string;
  countries?: string;
  language: string;
  force?: boolean;
}

export interface PreviewCommandOptions extends GlobalOptions {
  quiet?: boolean;
  port: number;
  host?: string;
  open?: boolean;
  chrome?: string;
  timeout: number;
}

export interface LintCommandOptions extends GlobalOptions {
  format: 'stylish' | 'json' | 'github';
  maxWarnings?: number;
  quiet?: boolean;
  cache?: boolean;
}

function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

function parseFormats(value: string): ('pdf' | 'html')[] {
  const list = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = list.filter((f) => f !== 'pdf' && f !== 'html');
  if (bad.length > 0 || list.length === 0) {
    throw new InvalidArgumentError(`unknown format “${bad.join(', ') || value}”; use pdf, html or pdf,html`);
  }
  return [...new Set(list)] as ('pdf' | 'html')[];
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`“${value}” is not a whole number of warnings`);
  return n;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`“${value}” is not a port number (0 to 65535; 0 takes any free port)`);
  return n;
}

/** A day: longer is surely a typo, and timers cannot count much beyond 24 days anyway. */
const MAX_TIMEOUT_S = 86_400;

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > MAX_TIMEOUT_S) throw new InvalidArgumentError(`“${value}” is not a positive number of seconds up to ${MAX_TIMEOUT_S} (a day)`);
  return n;
}

/** A path option given as "" (an unset shell variable) would silently mean the current folder or no browser. */
function nonEmpty(flag: string): (value: string) => string {
  return (value) => {
    if (value.trim() === '') throw new InvalidArgumentError(`${flag} needs a path; it was given an empty one`);
    return value;
  };
}

export async function main(argv: string[] = process.argv): Promise<void> {
  // `bulletin lint --format json | head` closes the pipe early: that is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  installInterruptHandlers();
  const program = createProgram();
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = handleError(err, debug, argv);
  }
}

/** Maps anything thrown to an exit code and a message; never a stack trace unless --debug. */
export function handleError(err: unknown, debug: boolean, argv: string[] = []): number {
  const c = makeChalk({ color: !argv.includes('--no-color') });
  if (err instanceof CommanderError) {
    // Help and version are not errors; commander has already printed them.
    // Help asked for is not an error; help shown because no command (or an unknown one) was given is.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
    if (err.code === 'commander.help') return err.exitCode === 0 ? EXIT.ok : EXIT.cannotRun;
    return EXIT.cannotRun;
  }
  if (err instanceof ValidationFailed) {
    process.stderr.write(`${c.red(printable(err.message))}\n`);
    return EXIT.errors;
  }
  if (err instanceof BulletinError) {
    process.stderr.write(`${c.red('bulletin:')} ${printable(err.message)}\n`);
    if (debug && err.cause) process.stderr.write(`${String((err.cause as Error).stack ?? err.cause)}\n`);
    return EXIT.cannotRun;
  }
  const message = printable(err instanceof Error ? err.message : String(err));
  process.stderr.write(
    `${c.red('bulletin: unexpected failure:')} ${message}\nThis is a bug in bulletin; please report it with the output of \`bulletin --debug ...\`.\n`,
  );
  if (debug && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return EXIT.cannotRun;
}

/**
 * Ctrl-C, SIGTERM or a closed terminal during a build: end Chrome (it runs in a process group of its own, so
 * the terminal's signal does not reach it), remove half-written temporaries, leave earlier outputs as they were,
 * and exit with the conventional 128 + signal number.
 */
/** What Ctrl-C means for the command running, when it is not an interrupted build. */
let stoppedMessage: string | undefined;

function installInterruptHandlers(): void {
  const codes: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const signal of Object.keys(codes) as NodeJS.Signals[]) {
    process.once(signal, () => {
      void cleanUpAfterInterrupt().finally(() => {
        process.stderr.write(`\nbulletin: ${stoppedMessage?.replace('interrupted', `interrupted (${signal})`) ?? `interrupted (${signal}); Chrome was closed and earlier outputs were left as they were.`}\n`);
        process.exit(codes[signal]);
      });
    });
  }
}

async function cleanUpAfterInterrupt(): Promise<void> {
  const { runInterruptHooks } = await import('../util/cleanup.js');
  runInterruptHooks();
}
