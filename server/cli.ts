import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { publicOrigin } from './bootstrap.js';
import { type Config, ConfigError, isPostgresUrl, loadConfig, redactUrl } from './config.js';
import { copyEmbeddedToPostgres } from './copy/copy-to-postgres.js';
import { CopyRefusedError } from './copy/refused.js';
import type { DialectName } from './db/connect.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { changePassword } from './db/queries/password-resets.js';
import { createSite } from './db/queries/sites.js';
import { createApiToken } from './db/queries/tokens.js';
import { createUser, findUserByEmail } from './db/queries/users.js';
import type { Database } from './db/schema.js';
import { appDeps } from './deps.js';
import { createLogger } from './logger.js';
import { sendDueDigests } from './mail/digest.js';
import { EmailSchema, NewUserSchema, TokenInputSchema } from './schemas/accounts.js';
import { NewPasswordSchema } from './schemas/passwords.js';
import { SiteInputSchema } from './schemas/sites.js';
import { describeError, prepareDatabase, StartupError, serve } from './serve.js';
import { hashPassword } from './services/passwords.js';
import { embedSnippet } from './services/snippet.js';

/** A mistake in how the CLI was called; exits with {@link USAGE_EXIT}. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A request the CLI understood but cannot carry out (unknown owner, duplicate e-mail, ...). */
class CommandError extends Error {
  override readonly name = 'CommandError';
}

/** Exit code for a usage mistake, as most Unix tools use. */
const USAGE_EXIT = 2;

/** `site create --owner`: the e-mail of an existing user. */
const SiteOwnerSchema = z.object({ owner: EmailSchema });
/** `digest --site`: a site id, as the API's paths take it. */
const DigestOptionsSchema = z.object({ site: z.uuid('must be a site id').optional() });
/** `token create`: the API's token input, for the user with this e-mail. */
const TokenOwnerSchema = TokenInputSchema.extend({ email: EmailSchema });
/** `user password`: a new password (the API's rule) for the user with this e-mail. */
const UserPasswordSchema = z.object({ email: EmailSchema, password: NewPasswordSchema });

const HELP = `misprint: reader typo reports for your site

Usage:
  misprint serve                 start the server (what \`npm start\` runs)
  misprint migrate               run pending database migrations
  misprint user create --email E --password P [--name N]
  misprint user password --email E [--password P]
                                 set a user's password; ends all their sessions
  misprint site create --name N --origin O [--origin O2 ...] --owner E
  misprint digest [--site ID]     send the daily e-mail digests that are due now (needs SMTP_URL)
  misprint token create --email E [--name N] [--scope read|write] [--expires-in-days D]
  misprint copy --to postgres://…  copy the embedded database in DATA_DIR into an empty PostgreSQL
                                   database (progress on stderr)
  misprint --help

Every command prints JSON on stdout (serve prints a few lines for humans) and one line on stderr
when it fails. --password - reads the password from the first line of stdin. user password
without --password asks for it (not echoed) on a terminal, else reads stdin's first line: a
password given on the command line stays in the shell's history and the process list.

Environment: PORT (8787), HOST (0.0.0.0), DATABASE_URL (PostgreSQL; unset: embedded PGlite in
DATA_DIR, default ./data), PUBLIC_URL, LOG_LEVEL, TRUST_PROXY, SMTP_URL, MAIL_FROM. See README.md.
`;

/** Where the CLI writes; tests and embedders may replace them. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The whole of stdin, for `--password -`. */
  readStdin(): Promise<string>;
  /** Asks for a secret on a terminal without echoing it; undefined when stdin is not a terminal. */
  readSecret?: (prompt: string) => Promise<string>;
}

/** Reads one line from a terminal in raw mode, echoing nothing; Ctrl+C aborts. */
function readHiddenLine(prompt: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new UsageError('cancelled'));
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else value += char;
      }
    };
    input.on('data', onData);
  });
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  },
  readSecret: process.stdin.isTTY ? readHiddenLine : undefined,
};

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;
type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Parses a command's options strictly, turning Node's messages into one short line. */
function parseOptions(command: string, args: string[], spec: OptionSpec): ParsedValues {
  try {
    return parseArgs({ args, options: spec, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Node's messages add a paragraph of advice after the first sentence.
    const first = message.split(/\.\s/)[0]?.replace(/\.$/, '') ?? message;
    throw new UsageError(`${command}: ${first} (see misprint --help)`);
  }
}

function requiredString(values: ParsedValues, name: string, command: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '')
    throw new UsageError(`${command}: --${name} is required`);
  return value;
}

/** A string option's value, or undefined when it was not given. */
function optionalString(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Validates a command's input with the schema the API validates the same thing with, so the CLI
 * has no rules of its own; a refusal is a usage error naming the option (`--origin "x": …`).
 */
function parseInput<T extends z.core.$ZodType>(
  command: string,
  schema: T,
  input: Record<string, unknown>,
  options: Record<string, string>,
): z.output<T> {
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const [field, index] = issue?.path ?? [];
  const option = options[String(field)] ?? String(field);
  const given = input[String(field)];
  const value = Array.isArray(given) && typeof index === 'number' ? given[index] : given;
  // A password is never echoed: stderr ends up in logs and terminals' scrollback.
  const shown = typeof value === 'string' && field !== 'password' ? ` ${JSON.stringify(value)}` : '';
  throw new UsageError(`${command}: --${option}${shown}: ${issue?.message ?? 'is invalid'}`);
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === '23505';
}

/** Opens and migrates the configured database for one command, and closes it afterwards. */
async function withDatabase<T>(
  config: Config,
  run: (db: Kysely<Database>, applied: readonly string[], dialect: DialectName) => Promise<T>,
): Promise<T> {
  const handle = await prepareDatabase(config);
  try {
    return await run(handle.db, handle.applied, handle.dialect);
  } finally {
    await handle.close();
  }
}

async function userCreate(args: string[], config: Config, io: CliIo): Promise<unknown> {
  const command = 'user create';
  const values = parseOptions(command, args, {
    email: { type: 'string' },
    password: { type: 'string' },
    name: { type: 'string' },
  });
  const email = requiredString(values, 'email', command);
  let password = requiredString(values, 'password', command);
  if (password === '-') password = (await io.readStdin()).split(/\r?\n/)[0] ?? '';
  const input = parseInput(
    command,
    NewUserSchema,
    { email, password, name: optionalString(values, 'name') },
    { email: 'email', password: 'password', name: 'name' },
  );
  return withDatabase(config, async (db) => {
    try {
      return await createUser(db, { email: input.email, password: input.password, name: input.name ?? null });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new CommandError(`${command}: a user with e-mail ${input.email} already exists`);
      throw error;
    }
  });
}

/** The password a command was given: `--password P`, `-` for stdin, absent to be asked (or stdin). */
async function passwordOf(values: ParsedValues, io: CliIo): Promise<string> {
  const given = optionalString(values, 'password');
  const firstLine = async () => (await io.readStdin()).split(/\r?\n/)[0] ?? '';
  if (given === '-') return firstLine();
  if (given !== undefined) return given;
  if (!io.readSecret) return firstLine();
  const password = await io.readSecret('New password: ');
  if ((await io.readSecret('Again: ')) !== password) throw new UsageError('the passwords differ');
  return password;
}

async function userPassword(args: string[], config: Config, io: CliIo): Promise<unknown> {
  const command = 'user password';
  const values = parseOptions(command, args, { email: { type: 'string' }, password: { type: 'string' } });
  const email = requiredString(values, 'email', command);
  const input = parseInput(
    command,
    UserPasswordSchema,
    { email, password: await passwordOf(values, io) },
    { email: 'email', password: 'password' },
  );
  const passwordHash = await hashPassword(input.password);
  return withDatabase(config, async (db) => {
    const user = await findUserByEmail(db, input.email);
    if (!user) throw new CommandError(`${command}: no user with e-mail ${input.email}`);
    await changePassword(db, { userId: user.id, passwordHash, now: new Date() });
    return { ok: true };
  });
}

async function siteCreate(args: string[], config: Config): Promise<unknown> {
  const command = 'site create';
  const values = parseOptions(command, args, {
    name: { type: 'string' },
    origin: { type: 'string', multiple: true },
    owner: { type: 'string' },
  });
  const name = requiredString(values, 'name', command);
  const given = Array.isArray(values.origin) ? values.origin.filter((o) => typeof o === 'string') : [];
  if (given.length === 0) throw new UsageError(`${command}: at least one --origin is required`);
  const site = parseInput(
    command,
    SiteInputSchema,
    { name, origins: given },
    { name: 'name', origins: 'origin' },
  );
  const { owner } = parseInput(
    command,
    SiteOwnerSchema,
    { owner: requiredString(values, 'owner', command) },
    { owner: 'owner' },
  );
  return withDatabase(config, async (db) => {
    const user = await findUserByEmail(db, owner);
    if (!user) {
      throw new CommandError(
        `${command}: no user with e-mail ${owner}; create one with misprint user create`,
      );
    }
    const created = await createSite(db, { name: site.name, origins: site.origins, ownerId: user.id });
    return { id: created.id, key: created.key, snippet: embedSnippet(publicOrigin(config), created.key) };
  });
}

async function tokenCreate(args: string[], config: Config): Promise<unknown> {
  const command = 'token create';
  const values = parseOptions(command, args, {
    email: { type: 'string' },
    name: { type: 'string' },
    scope: { type: 'string' },
    'expires-in-days': { type: 'string' },
  });
  const days = optionalString(values, 'expires-in-days');
  const input = parseInput(
    command,
    TokenOwnerSchema,
    {
      email: requiredString(values, 'email', command),
      name: optionalString(values, 'name') ?? 'CLI token',
      scope: optionalString(values, 'scope'),
      expiresInDays: days === undefined ? undefined : Number(days),
    },
    { email: 'email', name: 'name', scope: 'scope', expiresInDays: 'expires-in-days' },
  );
  return withDatabase(config, async (db) => {
    const user = await findUserByEmail(db, input.email);
    if (!user) throw new CommandError(`${command}: no user with e-mail ${input.email}`);
    const created = await createApiToken(db, user.id, {
      name: input.name,
      scope: input.scope,
      expiresInDays: input.expiresInDays,
    });
    return { token: created.token };
  });
}

async function copy(args: string[], config: Config, io: CliIo): Promise<unknown> {
  const values = parseOptions('copy', args, { to: { type: 'string' } });
  const to = requiredString(values, 'to', 'copy');
  if (!isPostgresUrl(to)) {
    throw new UsageError(
      `copy: --to must be a postgres:// or postgresql:// URL (got ${JSON.stringify(redactUrl(to))})`,
    );
  }
  const { copied } = await copyEmbeddedToPostgres({
    dataDir: config.dataDir,
    targetUrl: to,
    progress: (line) => io.stderr(`${line}\n`),
  });
  return { copied };
}

async function digest(args: string[], config: Config): Promise<unknown> {
  const values = parseOptions('digest', args, { site: { type: 'string' } });
  const { site } = parseInput(
    'digest',
    DigestOptionsSchema,
    { site: optionalString(values, 'site') },
    { site: 'site' },
  );
  if (!config.smtpUrl) throw new CommandError('digest: e-mail is not configured (set SMTP_URL)');
  return withDatabase(config, async (db, _applied, dialect) => {
    const deps = appDeps({
      db,
      dialect,
      config,
      logger: createLogger(config.logLevel),
      now: () => new Date(),
    });
    try {
      return { sent: await sendDueDigests(deps, site) };
    } finally {
      deps.mailer.close();
    }
  });
}

async function migrate(args: string[], config: Config): Promise<unknown> {
  parseOptions('migrate', args, {});
  // Every command migrates on opening the database; this one only reports what that applied.
  return withDatabase(config, async (_db, applied) => ({ applied }));
}

/** Splits `user create --email x` into the command words and the rest. */
function splitCommand(argv: string[]): { command: string; rest: string[] } {
  const [first, second] = argv;
  if (first === 'user' && second === 'password') return { command: 'user password', rest: argv.slice(2) };
  if (first === 'user' || first === 'site' || first === 'token') {
    if (second !== 'create') {
      throw new UsageError(
        `unknown command: ${[first, second].filter(Boolean).join(' ')} (did you mean ${first} create?)`,
      );
    }
    return { command: `${first} create`, rest: argv.slice(2) };
  }
  return { command: first ?? '', rest: argv.slice(1) };
}

/** The CLI: runs one command and resolves with the process exit code. Never throws. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: CliIo = processIo,
): Promise<number> {
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      io.stdout(HELP);
      return argv.length === 0 ? USAGE_EXIT : 0;
    }
    const { command, rest } = splitCommand(argv);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(HELP);
      return 0;
    }
    const config = loadConfig(env);
    let result: unknown;
    switch (command) {
      case 'serve':
        parseOptions('serve', rest, {});
        return await serve(config, (line) => io.stdout(`${line}\n`));
      case 'migrate':
        result = await migrate(rest, config);
        break;
      case 'user create':
        result = await userCreate(rest, config, io);
        break;
      case 'user password':
        result = await userPassword(rest, config, io);
        break;
      case 'site create':
        result = await siteCreate(rest, config);
        break;
      case 'token create':
        result = await tokenCreate(rest, config);
        break;
      case 'copy':
        result = await copy(rest, config, io);
        break;
      case 'digest':
        result = await digest(rest, config);
        break;
      default:
        throw new UsageError(`unknown command: ${command} (see misprint --help)`);
    }
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`misprint: ${error.message}\n`);
      return USAGE_EXIT;
    }
    const known =
      error instanceof ConfigError ||
      error instanceof StartupError ||
      error instanceof DataDirLockedError ||
      error instanceof CopyRefusedError ||
      error instanceof CommandError;
    const message = known ? error.message : `unexpected error: ${describeError(error)}`;
    // One line: a stack trace helps only with LOG_LEVEL=debug.
    io.stderr(`misprint: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    if (!known && env.LOG_LEVEL === 'debug' && error instanceof Error) io.stderr(`${error.stack}\n`);
    return 1;
  }
}

// Run directly (`tsx server/cli.ts serve`, what `npm run dev` does) rather than through bin/misprint.js.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
