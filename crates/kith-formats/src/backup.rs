//! kith's own JSON backup format, versioned and lossless.
