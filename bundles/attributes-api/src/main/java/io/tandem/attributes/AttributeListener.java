package io.tandem.attributes;

/** Told about every committed attribute change (after dampening). {@code value} is null for a deletion. */
@FunctionalInterface
public interface AttributeListener {
    void attributeChanged(String node, String name, String value, AttributeLifetime lifetime);
}
