// The one error type of checkpoint loading. Its message always names the file (and the tensor, when
// one is at fault), so a reader who picked the wrong folder knows what to fix.

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}
