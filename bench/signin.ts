/**
 * Sign-in under attack: how long a legitimate editor's sign-in takes while 200 password guesses
 * arrive at once, against the real server process on a scratch PostgreSQL database. Three
 * attacks, each repeated in waves: 200 guesses from one address at 200 e-mails (a spray), 200 at
 * one account from 200 addresses (a targeted guess), and 200 from 200 addresses at 200 e-mails
 * (a botnet spray, every guess within its address's and account's limits). The editor signs in
 * one after another, from an address of their own, for as long as each wave lasts; the quiet
 * figure is the same editor with nobody else signing in.
 *
 *   npm run build:server && npx tsx bench/signin.ts      BENCH_SIGNIN_WAVES=3 by default
 */
import { pathToFileURL } from 'node:url';
import { createUser } from '../server/db/queries/users.js';
import { startServer } from '../tests/helpers/server.js';
import { createScratch } from './lib/scratch.js';
import { fixed, type Latencies, latencies } from './lib/stats.js';

const WAVES = Number(process.env.BENCH_SIGNIN_WAVES ?? 3);
const ATTEMPTS = 200;
const QUIET_SIGNINS = 20;
const PASSWORD = 'correct horse battery staple';

/** One attack's figures. */
export interface SigninAttack {
  readonly name: string;
  /** The editor's sign-ins during the attack's waves. */
  readonly editor: Latencies;
  readonly editorSignins: number;
  /** The editor's sign-ins that were refused (429) rather than slowed. */
  readonly editorRefused: number;
  /** Guesses whose password was checked (401), of all the waves' guesses. */
  readonly guessesChecked: number;
  readonly guesses: number;
}

/** Figures of the sign-in benchmark. */
export interface SigninFigures {
  readonly quiet: Latencies;
  readonly attacks: readonly SigninAttack[];
}

/** Runs the sign-in benchmark and returns its figures. */
export async function benchSignin(log: (line: string) => void = console.log): Promise<SigninFigures> {
  const scratch = await createScratch();
  const editor = await createUser(scratch.handle.db, { email: 'editor@news.example', password: PASSWORD });
  const victim = await createUser(scratch.handle.db, { email: 'victim@news.example', password: PASSWORD });
  const server = await startServer({ DATABASE_URL: scratch.url, TRUST_PROXY: '1', LOG_LEVEL: 'error' });
  const login = (email: string, password: string, address: string) =>
    fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address },
      body: JSON.stringify({ email, password }),
    }).then(async (res) => {
      await res.arrayBuffer();
      return res.status;
    });
  const editorSignsIn = async (): Promise<{ ms: number; status: number }> => {
    const started = performance.now();
    const status = await login(editor.email, PASSWORD, '192.0.2.10');
    return { ms: performance.now() - started, status };
  };
  try {
    const quiet: number[] = [];
    for (let i = 0; i < QUIET_SIGNINS; i++) quiet.push((await editorSignsIn()).ms);
    log(`signin: quiet p50 ${fixed(latencies(quiet).p50, 0)} ms`);

    const attacks: Array<{ name: string; guess: (wave: number, i: number) => Promise<number> }> = [
      {
        name: 'from one address at 200 e-mails',
        guess: (wave, i) => login(`spray-${wave}-${i}@news.example`, 'Summer2026!', `198.18.${wave}.1`),
      },
      {
        name: 'at one account from 200 addresses',
        guess: (wave, i) => login(victim.email, `guess ${wave}-${i}`, `198.19.${wave}.${i}`),
      },
      {
        name: 'from 200 addresses at 200 e-mails',
        guess: (wave, i) => login(`botnet-${wave}-${i}@news.example`, 'Summer2026!', `198.20.${wave}.${i}`),
      },
    ];
    const results: SigninAttack[] = [];
    for (const [index, attack] of attacks.entries()) {
      const samples: number[] = [];
      let refused = 0;
      let checked = 0;
      for (let w = 0; w < WAVES; w++) {
        const wave = index * 10 + w;
        let over = false;
        const guesses = Promise.all(
          Array.from({ length: ATTEMPTS }, (_, i) => attack.guess(wave, i)),
        ).finally(() => {
          over = true;
        });
        while (!over) {
          const signin = await editorSignsIn();
          samples.push(signin.ms);
          if (signin.status === 429) refused++;
          else if (signin.status !== 200) throw new Error(`the editor's sign-in answered ${signin.status}`);
        }
        checked += (await guesses).filter((s) => s === 401).length;
      }
      const result = {
        name: attack.name,
        editor: latencies(samples),
        editorSignins: samples.length,
        editorRefused: refused,
        guessesChecked: checked,
        guesses: WAVES * ATTEMPTS,
      };
      log(`signin: ${attack.name}: editor p99 ${fixed(result.editor.p99, 0)} ms over ${samples.length}`);
      results.push(result);
    }
    return { quiet: latencies(quiet), attacks: results };
  } finally {
    await server.stop();
    await scratch.drop();
  }
}

/** Prints the figures. */
export function printSignin(f: SigninFigures): void {
  console.log(
    `quiet: the editor's sign-in p50 ${fixed(f.quiet.p50, 0)} ms, p99 ${fixed(f.quiet.p99, 0)} ms (${QUIET_SIGNINS} sign-ins)`,
  );
  for (const a of f.attacks) {
    console.log(
      `${ATTEMPTS} parallel guesses ${a.name}: the editor's sign-in p50 ${fixed(a.editor.p50, 0)} ms, ` +
        `p99 ${fixed(a.editor.p99, 0)} ms, max ${fixed(a.editor.max, 0)} ms over ${a.editorSignins} sign-ins ` +
        `(${a.editorRefused} refused with 429); ${a.guessesChecked} of ${a.guesses} guesses checked`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printSignin(await benchSignin());
