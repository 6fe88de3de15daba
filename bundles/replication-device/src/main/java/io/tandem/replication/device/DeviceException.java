package io.tandem.replication.device;

import java.io.IOException;

/** An attach or detach that failed or was refused; the message names the volume, the step and the system's error. */
public final class DeviceException extends IOException {
    private static final long serialVersionUID = 1L;

    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
