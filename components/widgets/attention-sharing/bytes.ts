// The byte formatter lives with the kernels (their messages use it too); the widget imports it here.
export { formatBytes } from '../../../kernels/format-bytes.ts';
