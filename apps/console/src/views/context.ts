import type { GraphqlClient } from '../api/client.js';
import type { App } from '../api/documents.js';
import type { Session } from '../auth/session.js';
import type { MessageKey } from '../i18n/i18n.js';

/** What the server told the console at /console/config.json. */
export interface ServerSettings {
  app: App;
  country: string | null;
  oidc: { issuer: string; clientId: string } | null;
}

/** Handed to every view: who is signed in, where, and the API client. */
export interface ViewContext {
  settings: ServerSettings;
  session: Session;
  api: GraphqlClient;
  /** Goes to another view (hash route), optionally with parameters. */
  navigate(route: string, params?: Record<string, string>): void;
  params: URLSearchParams;
}

export interface ViewDef {
  route: string;
  title: MessageKey;
  app: App;
  /** Roles that may use it (the API's own rules, docs/security.md): the view is offered to nobody else. */
  roles: readonly string[];
  render(ctx: ViewContext, main: HTMLElement): void | Promise<void>;
}
