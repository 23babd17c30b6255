import { readFile } from 'node:fs/promises';
import { credsAuthenticator, type ConnectionOptions } from '@nats-io/transport-node';
import { LittoralError } from '@littoral/contracts';

/** The NATS login settings of an app's configuration (NATS_USER, NATS_PASSWORD_FILE, NATS_CREDS_FILE). */
export interface NatsLoginConfig {
  NATS_USER: string | null;
  NATS_PASSWORD_FILE: string | null;
  NATS_CREDS_FILE: string | null;
}

/** Connection options that log in; empty when the configuration names no login. Never holds anything for logs. */
export type NatsLogin = Pick<ConnectionOptions, 'user' | 'pass' | 'authenticator'>;

const invalid = (message: string, variable: string) => new LittoralError('CONFIG_INVALID', message, { variable });

async function secretFile(path: string, variable: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw invalid(`${variable} file "${path}" cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, variable);
  }
  return text;
}

/**
 * Reads the login the configuration names: a user with a password file, or a
 * credentials file, or nothing. Files are read once, at start-up. Errors name
 * the variable and the file, never the secret.
 */
export async function readNatsLogin(config: NatsLoginConfig): Promise<NatsLogin> {
  const { NATS_USER: user, NATS_PASSWORD_FILE: passwordFile, NATS_CREDS_FILE: credsFile } = config;
  if (credsFile !== null && (user !== null || passwordFile !== null)) {
    throw invalid('Set either NATS_CREDS_FILE or NATS_USER with NATS_PASSWORD_FILE, not both', 'NATS_CREDS_FILE');
  }
  if (credsFile !== null) {
    const creds = await secretFile(credsFile, 'NATS_CREDS_FILE');
    if (!/-----BEGIN NATS USER JWT-----/.test(creds) || !/-----BEGIN USER NKEY SEED-----/.test(creds)) {
      throw invalid(`NATS_CREDS_FILE file "${credsFile}" is not a NATS credentials file (expected a user JWT and an NKey seed block)`, 'NATS_CREDS_FILE');
    }
    return { authenticator: credsAuthenticator(new TextEncoder().encode(creds)) };
  }
  if ((user === null) !== (passwordFile === null)) {
    const missing = user === null ? 'NATS_USER' : 'NATS_PASSWORD_FILE';
    throw invalid(`NATS_USER and NATS_PASSWORD_FILE go together: ${missing} is not set`, missing);
  }
  if (user === null || passwordFile === null) return {};
  // One line: a trailing newline (as editors and secret stores write) is not part of the password.
  const pass = (await secretFile(passwordFile, 'NATS_PASSWORD_FILE')).replace(/\r?\n$/, '');
  if (pass === '' || /[\r\n]/.test(pass)) throw invalid(`NATS_PASSWORD_FILE file "${passwordFile}" must hold the password on one line`, 'NATS_PASSWORD_FILE');
  return { user, pass };
}
