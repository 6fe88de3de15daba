package io.tandem.cib;

import io.tandem.common.CibVersion;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole CIB document: the {@code <cib>} root with its {@code configuration} and {@code status} sections.
 * Immutable; the version triple lives in the root's admin_epoch/epoch/num_updates attributes.
 */
public record Cib(CibElement root) {
    public Cib {
        Objects.requireNonNull(root, "root");
        if (!root.name().equals("cib")) {
            throw new IllegalArgumentException("the root element of a CIB is <cib>, not <" + root.name() + ">");
        }
    }

    /** An empty CIB as a new cluster starts with it. */
    public static Cib empty(String validateWith) {
        CibElement config = new CibElement("configuration", java.util.Map.of(), List.of(
                CibElement.of("crm_config"), CibElement.of("nodes"), CibElement.of("resources"), CibElement.of("constraints")), 0);
        CibElement root = CibElement.of("cib", "admin_epoch", "0", "epoch", "0", "num_updates", "0",
                "validate-with", validateWith).withChildren(List.of(config, CibElement.of("status")));
        return new Cib(root);
    }

    public CibVersion version() {
        return new CibVersion(number("admin_epoch"), number("epoch"), number("num_updates"));
    }

    private long number(String attr) {
        String v = root.attr(attr);
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("<cib " + attr + "=\"" + v + "\"> is not a number");
        }
    }

    public Cib withVersion(CibVersion v) {
        return new Cib(root.withAttribute("admin_epoch", Long.toString(v.adminEpoch()))
                .withAttribute("epoch", Long.toString(v.epoch()))
                .withAttribute("num_updates", Long.toString(v.numUpdates())));
    }

    public CibElement configuration() {
        return root.child("configuration").orElse(CibElement.of("configuration"));
    }

    public CibElement status() {
        return root.child("status").orElse(CibElement.of("status"));
    }

    public Optional<CibElement> section(String... path) {
        return root.path(path);
    }
}
