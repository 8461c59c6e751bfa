export interface AuditRecord {
  requestId: string;
  at: Date;
  /** Who did it, as people know them: a username, or `workflow` for the state machine. */
  actor: string;
  /** The actor's account, when a person did it. */
  actorAccountId?: string;
  action: string;
  details?: Record<string, unknown>;
}
