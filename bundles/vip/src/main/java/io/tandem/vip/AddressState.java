package io.tandem.vip;

/** What {@link IpStack#state} found. */
public enum AddressState {
    /** The address is not on its device (it may be on another one). */
    ABSENT,
    /** The address is on its device, which is administratively up and has a carrier. */
    ACTIVE,
    /** The address is on its device, but the device is down or has no carrier: nobody can reach it. */
    LINK_DOWN
}
