// The checkpointer is shared with the hub (@littoral/audit); this keeps the node's import path.
export { AuditCheckpointer, type CheckpointerOptions, type CheckpointResult } from '@littoral/audit';
