package io.tandem.executor;

import java.util.List;
import java.util.Objects;

/**
 * One {@code <parameter>} of an agent's meta-data.
 *
 * @param name          the instance attribute name
 * @param type          content type: string, integer, boolean, select, ... (as written; "string" if absent)
 * @param defaultValue  the default, empty if none
 * @param required      {@code required="1"}
 * @param unique        {@code unique="1"} (deprecated in OCF 1.1, still used by the heartbeat agents)
 * @param reloadable    {@code reloadable="1"} (OCF 1.1)
 * @param deprecated    has a {@code <deprecated>} element or {@code deprecated="1"}
 * @param shortDescription  the English (or first) shortdesc, empty if none
 * @param longDescription   the English (or first) longdesc, trimmed, empty if none
 * @param options       the values of a {@code select} parameter
 */
public record AgentParameter(String name, String type, String defaultValue, boolean required, boolean unique,
                             boolean reloadable, boolean deprecated, String shortDescription,
                             String longDescription, List<String> options) {
    public AgentParameter {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("parameter without a name");
        }
        type = type == null || type.isBlank() ? "string" : type;
        defaultValue = defaultValue == null ? "" : defaultValue;
        shortDescription = shortDescription == null ? "" : shortDescription;
        longDescription = longDescription == null ? "" : longDescription;
        options = List.copyOf(options);
    }

    public boolean hasDefault() {
        return !defaultValue.isEmpty();
    }
}
