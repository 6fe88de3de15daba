package io.tandem.cib.internal;

/** The CIB directory holds no usable CIB: the store cannot start. The message names file, line and element. */
public final class CibLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public CibLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
