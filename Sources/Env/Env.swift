// Env: Atari-like games on a 160x210 framebuffer, served through ALE conventions.
// This module imports no other module of the package (../shared/ARCHITECTURE.md).
