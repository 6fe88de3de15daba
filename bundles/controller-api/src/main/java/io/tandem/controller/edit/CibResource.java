package io.tandem.controller.edit;

import io.tandem.cib.Cib;
import io.tandem.cib.CibElement;
import io.tandem.cib.CibValues;
import io.tandem.controller.AdminException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A resource of the configuration's resources section, found by id, with the chain of its containers
 * (outermost first): a group member has its group, a cloned primitive its clone (and the group between them).
 *
 * @param element the {@code primitive}, {@code group}, {@code clone}, {@code master} or {@code bundle} element
 * @param parents its containers, outermost first (empty for a top-level resource)
 */
public record CibResource(CibElement element, List<CibElement> parents) {
    /** The elements that are resources (templates are not: they cannot be moved or started). */
    public static final Set<String> KINDS = Set.of("primitive", "group", "clone", "master", "bundle");

    public CibResource {
        Objects.requireNonNull(element, "element");
        parents = List.copyOf(parents);
        if (!KINDS.contains(element.name())) {
            throw new IllegalArgumentException("<" + element.name() + "> is not a resource");
        }
    }

    public String id() {
        return element.id();
    }

    public String kind() {
        return element.name();
    }

    public Optional<CibElement> parent() {
        return parents.isEmpty() ? Optional.empty() : Optional.of(parents.get(parents.size() - 1));
    }

    /** The top-level resource this one belongs to (itself when top-level), Pacemaker's "uber parent". */
    public CibElement topLevel() {
        return parents.isEmpty() ? element : parents.get(0);
    }

    public boolean isClone() {
        return isCloneElement(element);
    }

    /** Whether this resource is inside a clone (directly, or as a member of a cloned group). */
    public boolean inClone() {
        return parents.stream().anyMatch(CibResource::isCloneElement);
    }

    /** Whether this resource is itself a promotable clone (a {@code master}, or a clone with meta promotable=true). */
    public boolean isPromotable() {
        return isPromotableElement(element);
    }

    /** Whether this resource or one of its containers is a promotable clone. */
    public boolean inPromotable() {
        return isPromotable() || parents.stream().anyMatch(CibResource::isPromotableElement);
    }

    /** The ids of the primitives this resource consists of (itself for a primitive), in document order. */
    public List<String> primitiveIds() {
        List<String> out = new ArrayList<>();
        element.walk(e -> {
            if (e.name().equals("primitive") && e.id() != null) {
                out.add(e.id());
            }
        });
        return out;
    }

    static boolean isCloneElement(CibElement e) {
        return e.name().equals("clone") || e.name().equals("master");
    }

    static boolean isPromotableElement(CibElement e) {
        if (e.name().equals("master")) {
            return true;
        }
        if (!e.name().equals("clone")) {
            return false;
        }
        for (CibElement set : e.children("meta_attributes")) {
            for (CibElement nv : set.children("nvpair")) {
                if ("promotable".equals(nv.attr("name")) && nv.attr("value") != null
                        && CibValues.isBoolean(nv.attr("value")) && CibValues.parseBoolean(nv.attr("value"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The resource with this id, if the configuration has one. */
    public static Optional<CibResource> find(Cib cib, String id) {
        Optional<CibElement> resources = cib.configuration().child("resources");
        if (resources.isEmpty() || id == null) {
            return Optional.empty();
        }
        return find(resources.get(), id, new ArrayList<>());
    }

    private static Optional<CibResource> find(CibElement container, String id, List<CibElement> chain) {
        for (CibElement c : container.children()) {
            if (!KINDS.contains(c.name())) {
                continue;
            }
            if (id.equals(c.id())) {
                return Optional.of(new CibResource(c, chain));
            }
            chain.add(c);
            Optional<CibResource> f = find(c, id, chain);
            chain.remove(chain.size() - 1);
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    /**
     * The resource with this id. Clone instance names ({@code rsc:1}) are refused as crm_resource refuses them for
     * move, ban and clear: constraints name the clone or its primitive, never an instance.
     *
     * @throws AdminException INVALID for an instance name or an empty name, NOT_FOUND when there is no such resource
     */
    public static CibResource require(Cib cib, String id) throws AdminException {
        if (id == null || id.isBlank()) {
            throw new AdminException(AdminException.Reason.INVALID, "no resource name given");
        }
        int colon = id.indexOf(':');
        if (colon >= 0) {
            if (find(cib, id.substring(0, colon)).isPresent()) {
                throw new AdminException(AdminException.Reason.INVALID, "'" + id + "' is a clone instance: use the clone "
                        + "or resource name '" + id.substring(0, colon) + "' instead");
            }
        }
        return find(cib, id).orElseThrow(() -> new AdminException(AdminException.Reason.NOT_FOUND,
                "resource '" + id + "' not found"));
    }
}
