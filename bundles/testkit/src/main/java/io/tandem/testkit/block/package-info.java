/**
 * Fixtures for real block-device tests (root only): preconditions as JUnit assumptions ({@link
 * io.tandem.testkit.block.RootSystem}), undo actions that run even when the test fails or the JVM is stopped ({@link
 * io.tandem.testkit.block.Cleanup}) and deadline-based polling for what the kernel settles asynchronously ({@link
 * io.tandem.testkit.block.Wait}).
 */
package io.tandem.testkit.block;
