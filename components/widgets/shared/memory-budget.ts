// How much memory a model's plan (kernels/hub/plan.ts) may count on in this page, whether the model
// comes from a hub or from files the reader picked.

/**
 * At most 4 GiB, what a WebAssembly heap holds (32-bit addresses), as a cautious share of a tab for
 * the weights and the heap one layer's run needs beside them; Chromium's navigator.deviceMemory (a
 * rough GB figure, at most 8) lowers it on small devices.
 */
export function memoryBudget(): number {
  const deviceGiB = (navigator as Navigator & { deviceMemory?: number }).deviceMemory ?? 4;
  return Math.min(deviceGiB, 4) * 2 ** 30;
}
