package io.tandem.executor.internal;

import io.tandem.executor.OperationSpec;
import io.tandem.executor.ResourceSpec;

/**
 * One run of an operation as handed to a runner: the resource with the parameters to use (for a stop, those
 * of the last start), the operation and the call id.
 */
record Invocation(ResourceSpec resource, OperationSpec operation, long callId) {
}
