/** The Postgres server the demo creates its databases on. */
export interface PostgresServer {
  /** `url`: DATABASE_URL; `local`: localhost:5432; `embedded`: a cluster the demo started. */
  readonly kind: 'url' | 'local' | 'embedded';
  /** A URL to connect with for CREATE/DROP DATABASE (its database part is only used to log in). */
  readonly adminUrl: string;
  /** One line for people, without the password. */
  readonly description: string;
  /** Stops the server if the demo started it (the embedded cluster and its files go away). */
  stop(): Promise<void>;
}
