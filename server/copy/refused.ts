/** A copy that cannot or must not go ahead; its message is the one line the CLI prints. */
export class CopyRefusedError extends Error {
  override readonly name = 'CopyRefusedError';
}
